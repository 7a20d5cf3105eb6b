package io.nodelocaldns.runtime.metrics;

import io.nodelocaldns.runtime.server.ListenAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * CoreDNS's {@code server} label of the listener a query arrived on, for one server block: {@code
 * dns://10.96.0.10:53} on an address the block binds, {@code dns://:53} when it listens on every
 * address. The port is always the one the query arrived on (the real one when 0 was asked for).
 */
public final class ServerLabels {
  /**
   * What CoreDNS writes for a block without {@code bind}: nothing between {@code //} and {@code :}.
   */
  private static final String ALL_ADDRESSES = "";

  private final List<InetAddress> bound;

  /** The host part for queries that arrive on a wildcard socket; null when the block has none. */
  private final String wildcardHost;

  private ServerLabels(List<InetAddress> bound, String wildcardHost) {
    this.bound = bound;
    this.wildcardHost = wildcardHost;
  }

  /** The labels of a block that binds {@code bound}; empty: every address. */
  public static ServerLabels of(List<InetAddress> bound) {
    if (bound.isEmpty()) {
      return new ServerLabels(bound, ALL_ADDRESSES);
    }
    // "bind 0.0.0.0" names the wildcard itself, and CoreDNS writes it as given
    String wildcard =
        bound.stream()
            .filter(InetAddress::isAnyLocalAddress)
            .findFirst()
            .map(a -> hostOf(new ListenAddress(a, 0)))
            .orElse(null);
    return new ServerLabels(bound, wildcard);
  }

  /**
   * The label for {@code local}, the address a query arrived on. A wildcard socket reports the
   * wildcard (UDP) or the address the client used (TCP): both map to the wildcard's label.
   */
  public String label(InetSocketAddress local) {
    ListenAddress listener = new ListenAddress(local.getAddress(), local.getPort());
    if (wildcardHost == null || bound.contains(local.getAddress())) {
      return listener.label();
    }
    return "dns://" + wildcardHost + ":" + local.getPort();
  }

  private static String hostOf(ListenAddress address) {
    String label = address.label();
    return label.substring("dns://".length(), label.lastIndexOf(':'));
  }
}
