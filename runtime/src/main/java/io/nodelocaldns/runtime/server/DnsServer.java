package io.nodelocaldns.runtime.server;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every listener of a configuration: server blocks grouped by the address they listen on. A new
 * configuration is applied in place ({@link #reconfigure(List)}): addresses kept keep their sockets
 * and only swap their routing, so no query is dropped and no client sees a closed port.
 *
 * <p>Wildcard listeners also bind each of the machine's addresses, kept current by a {@link
 * LocalAddressFollower}, so UDP answers leave from the address the query was sent to.
 */
public final class DnsServer implements AutoCloseable {
  private final NettyTransport transport;
  private final EventLoopGroup group;
  private final int udpSocketsPerAddress;

  /** How long {@link #close()} waits for queries in flight. */
  static final Duration DRAIN_BOUND = Duration.ofSeconds(3);

  private final ListenerEvents events;
  private final InFlightQueries inFlight = new InFlightQueries();

  /** Null when listeners cannot bind single addresses beside the wildcard (no SO_REUSEPORT). */
  private final LocalAddressFollower follower;

  /** By the address asked for (port 0 stays 0 here), in Corefile order. */
  private Map<ListenAddress, DnsListener> listeners = new LinkedHashMap<>();

  private DnsServer(
      NettyTransport transport,
      EventLoopGroup group,
      int udpSocketsPerAddress,
      ListenerEvents events,
      LocalAddresses localAddresses) {
    this.transport = transport;
    this.group = group;
    this.udpSocketsPerAddress = udpSocketsPerAddress;
    this.events = events;
    this.follower = transport.supportsReusePort() ? new LocalAddressFollower(localAddresses) : null;
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
    return start(blocks, transport, group, udpSocketsPerAddress, events, LocalAddresses.SYSTEM);
  }

  /** As {@link #start(List, NettyTransport, EventLoopGroup, int, ListenerEvents)}, for tests. */
  static DnsServer start(
      List<ServerBlock> blocks,
      NettyTransport transport,
      EventLoopGroup group,
      int udpSocketsPerAddress,
      ListenerEvents events,
      LocalAddresses localAddresses) {
    DnsServer server =
        new DnsServer(transport, group, udpSocketsPerAddress, events, localAddresses);
    try {
      server.reconfigure(blocks);
    } catch (RuntimeException e) {
      server.stopFollowing();
      throw e;
    }
    if (server.follower != null) {
      server.follower.start(server::followLocalAddresses);
    }
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

    // an address a block now names leaves the wildcards' sockets before it is bound by name
    follow(named(routers.keySet()));
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
      follow(List.of());
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
    follow(List.of());
  }

  /** Addresses named with a real port: the only ones a wildcard's port can collide with. */
  private static List<ListenAddress> named(Set<ListenAddress> addresses) {
    return addresses.stream()
        .filter(a -> !a.address().isAnyLocalAddress() && a.port() != 0)
        .toList();
  }

  /** Wildcard listeners bind the addresses the machine has now, and close those it lost. */
  synchronized void followLocalAddresses() {
    follow(List.of());
  }

  private void follow(List<ListenAddress> alsoNamed) {
    if (follower != null) {
      follower.follow(listeners.values(), alsoNamed);
    }
  }

  /** By wildcard listener (its bound address), the addresses it has UDP sockets on besides. */
  synchronized Map<ListenAddress, Set<InetAddress>> localAddressSockets() {
    Map<ListenAddress, Set<InetAddress>> out = new LinkedHashMap<>();
    listeners.values().stream()
        .filter(DnsListener::wildcard)
        .forEach(listener -> out.put(listener.address(), listener.localAddresses()));
    return out;
  }

  private void stopFollowing() {
    if (follower != null) {
      follower.stop();
    }
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
    stopFollowing();
    listeners.values().forEach(DnsListener::stopTaking);
    inFlight.awaitNone(DRAIN_BOUND);
    listeners.values().forEach(DnsListener::close);
    listeners = new LinkedHashMap<>();
  }
}
