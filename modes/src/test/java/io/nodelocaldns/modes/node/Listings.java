package io.nodelocaldns.modes.node;

import java.util.ArrayList;
import java.util.List;

/** Renders planned rules as {@code iptables -S} lists them, to compare with real listings. */
public final class Listings {
  private Listings() {}

  /**
   * The {@code -S} lines of {@code table}, chain by chain in {@code chains} order, policies first.
   */
  public static List<String> save(List<IptablesRule> rules, String table, List<String> chains) {
    List<String> lines = new ArrayList<>();
    chains.forEach(chain -> lines.add("-P " + chain + " ACCEPT"));
    for (String chain : chains) {
      rules.stream()
          .filter(rule -> rule.table().equals(table) && rule.chain().equals(chain))
          .map(Listings::line)
          .forEach(lines::add);
    }
    return lines;
  }

  /**
   * {@code -A PREROUTING -d 10.96.0.10/32 -p udp -m udp --dport 53 -m comment --comment "…" -j
   * NOTRACK}.
   */
  public static String line(IptablesRule rule) {
    List<String> spec = rule.spec(); // -p PROTO -d|-s IP --dport|--sport PORT -j TARGET
    String protocol = spec.get(1);
    String prefix = rule.family() == IpFamily.IPV6 ? "/128" : "/32";
    return "-A "
        + rule.chain()
        + " "
        + spec.get(2)
        + " "
        + spec.get(3)
        + prefix
        + " -p "
        + protocol
        + " -m "
        + protocol
        + " "
        + spec.get(4)
        + " "
        + spec.get(5)
        + " -m comment --comment \""
        + rule.comment()
        + "\" -j "
        + spec.get(7);
  }
}
