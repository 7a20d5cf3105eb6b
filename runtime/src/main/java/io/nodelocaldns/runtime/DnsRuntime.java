package io.nodelocaldns.runtime;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.corefile.Corefile;
import io.nodelocaldns.runtime.corefile.ServerConfig;
import io.nodelocaldns.runtime.ops.HttpEndpoints;
import io.nodelocaldns.runtime.server.DnsServer;
import io.nodelocaldns.runtime.server.ListenAddress;
import io.nodelocaldns.runtime.server.NettyTransport;
import io.nodelocaldns.runtime.server.ServerBlock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A running Corefile: the event loops, every server block's handler chain and its listeners. The
 * node agent, the tests and {@link RuntimeMain} all start the runtime through here.
 */
public final class DnsRuntime implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DnsRuntime.class.getName());

  private final EventLoopGroup group;
  private final HandlerChains chains;
  private final DnsServer server;
  /** The HTTP servers of prometheus (and the other operations directives), one per address. */
  private final HttpEndpoints endpoints;

  private DnsRuntime(EventLoopGroup group, HandlerChains chains, DnsServer server, HttpEndpoints endpoints) {
    this.group = group;
    this.chains = chains;
    this.server = server;
    this.endpoints = endpoints;
  }

  /**
   * Builds every block's chain and binds every listener.
   *
   * @throws io.nodelocaldns.runtime.server.DnsListener.BindException if an address cannot be bound
   */
  public static DnsRuntime start(Corefile corefile, RuntimeOptions options) {
    NettyTransport transport = options.transport();
    EventLoopGroup group = transport.newGroup(options.eventLoops(), "dns");
    HttpEndpoints endpoints = new HttpEndpoints();
    HandlerChains chains = new HandlerChains(options, transport, group, corefile, endpoints);
    try {
      List<ServerBlock> blocks = new ArrayList<>();
      for (ServerConfig config : corefile.servers()) {
        blocks.add(new ServerBlock(config.zones(), chains.build(config), listenAddresses(config)));
      }
      warnInactiveDirectives(corefile);
      endpoints.start();
      DnsServer server = DnsServer.start(blocks, transport, group, options.eventLoops(), chains.listenerEvents());
      LOG.info(() -> "serving " + corefile.source() + " with " + transport.name() + " on "
          + server.addresses().stream().map(ListenAddress::label).toList());
      return new DnsRuntime(group, chains, server, endpoints);
    } catch (RuntimeException e) {
      endpoints.close();
      chains.close();
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
      throw e;
    }
  }

  /** Directives the upstream Corefile uses that this version parses but does not act on yet. */
  private static void warnInactiveDirectives(Corefile corefile) {
    java.util.Set<String> inactive = new java.util.TreeSet<>();
    for (ServerConfig config : corefile.servers()) {
      config.health().ifPresent(h -> inactive.add("health"));
      config.ready().ifPresent(r -> inactive.add("ready"));
      config.reload().ifPresent(r -> inactive.add("reload"));
      config.loop().ifPresent(l -> inactive.add("loop"));
    }
    if (!inactive.isEmpty()) {
      LOG.warning(() -> "accepted but not active in this version: " + String.join(", ", inactive));
    }
  }

  private static List<ListenAddress> listenAddresses(ServerConfig config) {
    List<InetAddress> addresses = config.bind().addresses();
    if (addresses.isEmpty()) {
      return List.of(new ListenAddress(wildcard(), config.port()));
    }
    return addresses.stream().map(a -> new ListenAddress(a, config.port())).toList();
  }

  private static InetAddress wildcard() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("a 4-byte address is always valid", e);
    }
  }

  /** The addresses bound, with real ports where port 0 was asked for. */
  public List<ListenAddress> addresses() {
    return server.addresses();
  }

  /** The address an HTTP endpoint asked for as {@code requested} is served on (the real port for 0). */
  public InetSocketAddress httpAddress(InetSocketAddress requested) {
    return endpoints.boundAddress(requested);
  }

  /** Stops listening, then releases upstream connections and caches, then the event loops. */
  @Override
  public void close() {
    server.close();
    endpoints.close();
    chains.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
