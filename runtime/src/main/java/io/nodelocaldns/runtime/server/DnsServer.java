package io.nodelocaldns.runtime.server;

import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every listener of a configuration: server blocks grouped by the address they listen on. */
public final class DnsServer implements AutoCloseable {
  private final List<DnsListener> listeners = new ArrayList<>();

  private DnsServer() {}

  /**
   * Binds every address of every block. Blocks sharing an address share its sockets and are told
   * apart by zone.
   *
   * @throws DnsListener.BindException if any socket cannot be bound (nothing stays bound then)
   */
  public static DnsServer start(
      List<ServerBlock> blocks, NettyTransport transport, EventLoopGroup group, int udpSocketsPerAddress,
      ListenerEvents events) {
    Map<ListenAddress, List<ServerBlock>> byAddress = new LinkedHashMap<>();
    for (ServerBlock block : blocks) {
      for (ListenAddress address : block.addresses()) {
        byAddress.computeIfAbsent(address, a -> new ArrayList<>()).add(block);
      }
    }
    DnsServer server = new DnsServer();
    try {
      byAddress.forEach((address, served) -> {
        QueryProcessor processor = new QueryProcessor(new ZoneRouter(served), events);
        server.listeners.add(DnsListener.bind(address, transport, group, udpSocketsPerAddress, processor));
      });
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The addresses actually bound, in Corefile order. */
  public List<ListenAddress> addresses() {
    return listeners.stream().map(DnsListener::address).toList();
  }

  @Override
  public void close() {
    listeners.forEach(DnsListener::close);
    listeners.clear();
  }
}
