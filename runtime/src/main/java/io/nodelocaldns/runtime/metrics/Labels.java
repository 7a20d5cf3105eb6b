package io.nodelocaldns.runtime.metrics;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;

/** Label values written the way CoreDNS writes them. */
public final class Labels {
  /** CoreDNS's {@code view} label: views are not supported, so always empty. */
  public static final String NO_VIEW = "";

  /** {@code family} values by index: 1 for IPv4, 2 for IPv6. */
  private static final String[] FAMILIES = {"1", "2"};

  /** The rcode names of miekg/dns; codes it does not name become {@code RCODEn}. */
  private static final String[] RCODES = {
    "NOERROR",
    "FORMERR",
    "SERVFAIL",
    "NXDOMAIN",
    "NOTIMP",
    "REFUSED",
    "YXDOMAIN",
    "YXRRSET",
    "NXRRSET",
    "NOTAUTH",
    "NOTZONE",
    null,
    null,
    null,
    null,
    null,
    "BADSIG",
    "BADKEY",
    "BADTIME",
    "BADMODE",
    "BADNAME",
    "BADALG",
    "BADTRUNC",
    "BADCOOKIE"
  };

  /** Rcodes that have a name; metrics keep a slot for each. */
  public static final int NAMED_RCODES = RCODES.length;

  private Labels() {}

  /** 0 for a client on IPv4, 1 for IPv6: the slot of its {@code family} label. */
  public static int familyIndex(InetSocketAddress client) {
    return client.getAddress() instanceof Inet6Address ? 1 : 0;
  }

  public static String family(int index) {
    return FAMILIES[index];
  }

  /** {@code NOERROR}, {@code NXDOMAIN}, ... as CoreDNS's {@code rcode.ToString}. */
  public static String rcode(int rcode) {
    String name = rcode >= 0 && rcode < RCODES.length ? RCODES[rcode] : null;
    return name != null ? name : "RCODE" + rcode;
  }

  /** The {@code zones} label of cache metrics: the cache's zones joined by commas. */
  public static String zones(List<String> zones) {
    return String.join(",", zones);
  }
}
