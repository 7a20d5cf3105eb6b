package io.nodelocaldns.e2e.node;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules the seeds list for each address the agent binds ({@code iptables -t raw -S} and {@code
 * iptables -S INPUT}/{@code OUTPUT}), udp and tcp each: raw PREROUTING and OUTPUT NOTRACK for dport
 * 53 to the address, raw OUTPUT NOTRACK for sport 53 from it, filter INPUT ACCEPT for dport 53 to
 * it and filter OUTPUT ACCEPT for sport 53 from it.
 */
public final class SeedRules {
  public static final String RAW = "raw";
  public static final String FILTER = "filter";
  static final String DNS_PORT = "53";

  /** What every rule of ours says in its comment, so a person can tell who put it there. */
  static final String COMMENT_MARK = "NodeLocal DNS Cache";

  private SeedRules() {}

  /** One expected rule: table and chain, and the match fields of a {@link RuleListing.Rule}. */
  public record Expected(
      String table,
      String chain,
      String source,
      String destination,
      String protocol,
      String sport,
      String dport,
      String target) {
    boolean matches(RuleListing.Rule rule) {
      return rule.chain().equals(chain)
          && rule.source().equals(source)
          && rule.destination().equals(destination)
          && rule.protocol().equals(protocol)
          && rule.sport().equals(sport)
          && rule.dport().equals(dport)
          && rule.target().equals(target);
    }

    @Override
    public String toString() {
      return "-t "
          + table
          + " -A "
          + chain
          + (source.isEmpty() ? "" : " -s " + source)
          + (destination.isEmpty() ? "" : " -d " + destination)
          + " -p "
          + protocol
          + (sport.isEmpty() ? "" : " --sport " + sport)
          + (dport.isEmpty() ? "" : " --dport " + dport)
          + " -j "
          + target;
    }
  }

  /**
   * The rules for {@code addresses}, in the order the seed lists them per address: IPv4 ones as
   * {@code iptables -S} shows them ({@code /32}), IPv6 ones as {@code ip6tables -S} does ({@code
   * /128}); a caller compares each with its own family's listing.
   */
  public static List<Expected> forAddresses(List<String> addresses) {
    List<Expected> rules = new ArrayList<>();
    for (String address : addresses) {
      String cidr = cidr(address);
      for (String protocol : List.of("udp", "tcp")) {
        rules.add(new Expected(RAW, "PREROUTING", "", cidr, protocol, "", DNS_PORT, "NOTRACK"));
        rules.add(new Expected(RAW, "OUTPUT", "", cidr, protocol, "", DNS_PORT, "NOTRACK"));
        rules.add(new Expected(RAW, "OUTPUT", cidr, "", protocol, DNS_PORT, "", "NOTRACK"));
        rules.add(new Expected(FILTER, "INPUT", "", cidr, protocol, "", DNS_PORT, "ACCEPT"));
        rules.add(new Expected(FILTER, "OUTPUT", cidr, "", protocol, DNS_PORT, "", "ACCEPT"));
      }
    }
    return rules;
  }

  /** A host address as the listings show it: {@code 10.96.0.10/32}, {@code fd00::10/128}. */
  public static String cidr(String address) {
    return address + (isIpv6(address) ? "/128" : "/32");
  }

  /** Whether {@code address} is an IPv6 literal (as this module writes them: with a colon). */
  public static boolean isIpv6(String address) {
    return address.contains(":");
  }

  /** How many rules of {@code listing} (of the expected rule's table) match {@code expected}. */
  public static long count(Expected expected, List<RuleListing.Rule> listing) {
    return listing.stream().filter(expected::matches).count();
  }

  /** Whether any rule in {@code listing} names {@code address} as source or destination. */
  public static boolean mentions(String address, List<RuleListing.Rule> listing) {
    String cidr = cidr(address);
    return listing.stream().anyMatch(r -> r.source().equals(cidr) || r.destination().equals(cidr));
  }
}
