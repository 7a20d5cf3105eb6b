package io.nodelocaldns.e2e.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packet counters of the kube-proxy imitation's DNAT rules, from {@code nft list table ip
 * kube-proxy}: {@code ip daddr 10.96.0.10 udp dport 53 counter packets 3 bytes 180 dnat to ...},
 * keyed by ClusterIP and protocol. NAT rules count the first packet of each new connection.
 */
record NftCounters(Map<String, Long> packets) {
  private static final Pattern RULE =
      Pattern.compile(
          "ip daddr (\\S+) (udp|tcp) dport \\d+ counter packets (\\d+) bytes \\d+ dnat to");

  NftCounters {
    packets = Map.copyOf(packets);
  }

  static NftCounters parse(String listing) {
    Map<String, Long> packets = new LinkedHashMap<>();
    Matcher m = RULE.matcher(listing);
    while (m.find()) {
      packets.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(3)));
    }
    return new NftCounters(packets);
  }

  long packets(String clusterIp, String protocol) {
    Long n = packets.get(clusterIp + " " + protocol);
    if (n == null) {
      throw new IllegalArgumentException(
          "no DNAT rule for " + clusterIp + " " + protocol + " in " + packets.keySet());
    }
    return n;
  }
}
