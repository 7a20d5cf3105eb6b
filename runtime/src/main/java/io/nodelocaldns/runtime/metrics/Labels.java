package io.nodelocaldns.runtime.metrics;

import io.nodelocaldns.runtime.wire.Rcode;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;

/** Label values written the way CoreDNS writes them. */
public final class Labels {
  /** CoreDNS's {@code view} label: views are not supported, so always empty. */
  public static final String NO_VIEW = "";

  /** {@code family} values by index: 1 for IPv4, 2 for IPv6. */
  private static final String[] FAMILIES = {"1", "2"};

  /** Rcodes that may have a name; metrics keep a slot for each. */
  public static final int NAMED_RCODES = Rcode.NAMED;

  private Labels() {}

  /** 0 for a client on IPv4, 1 for IPv6: the slot of its {@code family} label. */
  public static int familyIndex(InetSocketAddress client) {
    return client.getAddress() instanceof Inet6Address ? 1 : 0;
  }

  public static String family(int index) {
    return FAMILIES[index];
  }

  /** The {@code zones} label of cache metrics: the cache's zones joined by commas. */
  public static String zones(List<String> zones) {
    return String.join(",", zones);
  }
}
