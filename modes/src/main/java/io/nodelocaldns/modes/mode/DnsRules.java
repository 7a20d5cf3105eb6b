package io.nodelocaldns.modes.mode;

import io.nodelocaldns.modes.node.IpFamily;
import io.nodelocaldns.modes.node.IpLiterals;
import io.nodelocaldns.modes.node.IptablesRule;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The NOTRACK and ACCEPT rules for the addresses the cache binds, as the upstream node-cache
 * installs them. The list is in the order {@code iptables -S} shows them once every rule has been
 * inserted with {@code -I}: the last {@code -localip} address first, udp before tcp.
 */
public final class DnsRules {
  /** The comment on every raw-table rule. */
  public static final String SKIP_CONNTRACK = "NodeLocal DNS Cache: skip conntrack";

  /** The comment on every filter-table rule. */
  public static final String ALLOW_DNS = "NodeLocal DNS Cache: allow DNS traffic";

  static final String RAW = "raw";
  static final String FILTER = "filter";
  static final String DNS_PORT = "53";
  private static final List<String> PROTOCOLS = List.of("udp", "tcp");

  private DnsRules() {}

  /** Every rule for these addresses, in listing order (see the class comment). */
  public static List<IptablesRule> forAddresses(List<InetAddress> addresses, int healthPort) {
    List<IptablesRule> rules = new ArrayList<>();
    // -I puts each rule first: inserting in -localip order lists the last address first.
    for (InetAddress address : addresses.reversed()) {
      rules.addAll(forAddress(address, healthPort));
    }
    return rules;
  }

  /** The rules for one address, in listing order. */
  static List<IptablesRule> forAddress(InetAddress address, int healthPort) {
    IpFamily family = address instanceof Inet6Address ? IpFamily.IPV6 : IpFamily.IPV4;
    String ip = IpLiterals.text(address);
    String health = Integer.toString(healthPort);
    List<IptablesRule> rules = new ArrayList<>();
    // raw: the kernel skips conntrack, so kube-proxy's DNAT (nat table, after raw) never applies
    // and the local route delivers the query to our socket.
    for (String p : PROTOCOLS) {
      rules.add(rule(family, RAW, "PREROUTING", p, "-d", ip, "--dport", DNS_PORT, "NOTRACK"));
    }
    for (String p : PROTOCOLS) {
      rules.add(rule(family, RAW, "OUTPUT", p, "-d", ip, "--dport", DNS_PORT, "NOTRACK"));
    }
    for (String p : PROTOCOLS) {
      rules.add(rule(family, RAW, "OUTPUT", p, "-s", ip, "--sport", DNS_PORT, "NOTRACK"));
    }
    // The kubelet's liveness probe to the health port on the local IP, as upstream.
    rules.add(rule(family, RAW, "OUTPUT", "tcp", "-d", ip, "--dport", health, "NOTRACK"));
    rules.add(rule(family, RAW, "OUTPUT", "tcp", "-s", ip, "--sport", health, "NOTRACK"));
    // filter: untracked packets are neither ESTABLISHED nor RELATED; a DROP policy would eat them.
    for (String p : PROTOCOLS) {
      rules.add(rule(family, FILTER, "INPUT", p, "-d", ip, "--dport", DNS_PORT, "ACCEPT"));
    }
    rules.add(rule(family, FILTER, "INPUT", "tcp", "-d", ip, "--dport", health, "ACCEPT"));
    for (String p : PROTOCOLS) {
      rules.add(rule(family, FILTER, "OUTPUT", p, "-s", ip, "--sport", DNS_PORT, "ACCEPT"));
    }
    rules.add(rule(family, FILTER, "OUTPUT", "tcp", "-s", ip, "--sport", health, "ACCEPT"));
    return rules;
  }

  private static IptablesRule rule(
      IpFamily family,
      String table,
      String chain,
      String protocol,
      String addressFlag,
      String ip,
      String portFlag,
      String port,
      String target) {
    String comment = table.equals(RAW) ? SKIP_CONNTRACK : ALLOW_DNS;
    return new IptablesRule(
        family,
        table,
        chain,
        List.of("-p", protocol, addressFlag, ip, portFlag, port, "-j", target),
        comment);
  }
}
