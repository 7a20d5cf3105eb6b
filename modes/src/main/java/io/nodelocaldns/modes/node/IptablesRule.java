package io.nodelocaldns.modes.node;

import java.util.List;

/**
 * One rule as data, e.g. raw PREROUTING {@code -p udp -d 10.96.0.10 --dport 53 -j NOTRACK}, tagged
 * with a comment saying it is ours.
 *
 * @param spec the match and target arguments, without table, chain or comment
 */
public record IptablesRule(
    IpFamily family, String table, String chain, List<String> spec, String comment) {
  public IptablesRule {
    spec = List.copyOf(spec);
  }
}
