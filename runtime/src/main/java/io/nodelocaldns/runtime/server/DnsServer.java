package io.nodelocaldns.runtime.server;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every listener of a configuration: server blocks grouped by the address they listen on. A new
 * configuration is applied in place ({@link #reconfigure(List)}): addresses kept keep their sockets
 * and only swap their routing, so no query is dropped and no client sees a closed port.
 */
public final class DnsServer implements AutoCloseable {
  private final NettyTransport transport;
  private final EventLoopGroup group;
  private final int udpSocketsPerAddress;

  /** How long {@link #close()} waits for queries in flight. */
  static final Duration DRAIN_BOUND = Duration.ofSeconds(3);

  private final ListenerEvents events;
  private final InFlightQueries inFlight = new InFlightQueries();

  /** By the address asked for (port 0 stays 0 here), in Corefile order. */
  private Map<ListenAddress, DnsListener> listeners = new LinkedHashMap<>();

  private DnsServer(
      NettyTransport transport,
      EventLoopGroup group,
      int udpSocketsPerAddress,
      ListenerEvents events) {
    this.transport = transport;
    this.group = group;
    this.udpSocketsPerAddress = udpSocketsPerAddress;
    this.events = events;
  }

  /**
   * Binds every address of every block. Blocks sharing an address share its sockets and are told
   * apart by zone.
   *
   * @throws DnsListener.BindException if any socket cannot be bound (nothing stays bound then)
   */
  public static DnsServer start(
      List<ServerBlock> blocks,
      NettyTransport transport,
      EventLoopGroup group,
      int udpSocketsPerAddress,
      ListenerEvents events) {
    DnsServer server = new DnsServer(transport, group, udpSocketsPerAddress, events);
    server.reconfigure(blocks);
    return server;
  }

  /**
   * Serves {@code blocks} from now on. Addresses already bound stay bound and switch to the new
   * routing in one step; new addresses are bound; addresses no block uses any more are closed.
   * Either all of it happens or, when a new address cannot be bound, none of it.
   *
   * @throws DnsListener.BindException if a new address cannot be bound (the old routing stays)
   * @throws IllegalArgumentException if two blocks claim one zone on one address (nothing changes)
   */
  public synchronized void reconfigure(List<ServerBlock> blocks) {
    Map<ListenAddress, ZoneRouter> routers = new LinkedHashMap<>();
    byAddress(blocks).forEach((address, served) -> routers.put(address, new ZoneRouter(served)));

    Map<ListenAddress, DnsListener> added = new LinkedHashMap<>();
    try {
      routers.forEach(
          (address, router) -> {
            if (!listeners.containsKey(address)) {
              QueryProcessor processor = new QueryProcessor(router, events, inFlight);
              added.put(
                  address,
                  DnsListener.bind(address, transport, group, udpSocketsPerAddress, processor));
            }
          });
    } catch (RuntimeException e) {
      added.values().forEach(DnsListener::close);
      throw e;
    }

    Map<ListenAddress, DnsListener> next = new LinkedHashMap<>();
    routers.forEach(
        (address, router) -> {
          DnsListener kept = listeners.get(address);
          if (kept != null) {
            kept.processor().route(router);
            next.put(address, kept);
          } else {
            next.put(address, added.get(address));
          }
        });
    listeners.forEach(
        (address, listener) -> {
          if (!next.containsKey(address)) {
            listener.close();
          }
        });
    listeners = next;
  }

  private static Map<ListenAddress, List<ServerBlock>> byAddress(List<ServerBlock> blocks) {
    Map<ListenAddress, List<ServerBlock>> byAddress = new LinkedHashMap<>();
    for (ServerBlock block : blocks) {
      for (ListenAddress address : block.addresses()) {
        byAddress.computeIfAbsent(address, a -> new ArrayList<>()).add(block);
      }
    }
    return byAddress;
  }

  /** The addresses actually bound, in Corefile order. */
  public synchronized List<ListenAddress> addresses() {
    return listeners.values().stream().map(DnsListener::address).toList();
  }

  /**
   * Where {@code requested} (an address as a block names it, port 0 included) is bound, if it is.
   */
  public synchronized Optional<ListenAddress> bound(ListenAddress requested) {
    return Optional.ofNullable(listeners.get(requested)).map(DnsListener::address);
  }

  /**
   * Stops taking queries, lets those in flight be answered (at most {@link #DRAIN_BOUND}: an
   * uncached name is answered, or SERVFAILed when every upstream fails, within 3 s), then closes
   * every socket. Caches and upstreams must outlive this call.
   */
  @Override
  public synchronized void close() {
    listeners.values().forEach(DnsListener::stopTaking);
    inFlight.awaitNone(DRAIN_BOUND);
    listeners.values().forEach(DnsListener::close);
    listeners = new LinkedHashMap<>();
  }
}
