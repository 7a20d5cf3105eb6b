package io.nodelocaldns.e2e.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counters of {@code unbound-control stats_noreset} ({@code key=value} lines, extended
 * statistics on): how many queries a stand-in received, and how many of them over TCP.
 */
record UnboundStats(Map<String, Long> counters) {
  static final String TOTAL = "total.num.queries";
  static final String TCP = "num.query.tcp";
  static final String TYPE_PREFIX = "num.query.type.";
  static final String IPV6 = "num.query.ipv6";

  UnboundStats {
    counters = Map.copyOf(counters);
  }

  static UnboundStats parse(String text) {
    Map<String, Long> counters = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      try {
        counters.put(line.substring(0, eq).strip(), Long.parseLong(line.substring(eq + 1).strip()));
      } catch (NumberFormatException e) {
        // a fractional statistic (a time or an average): not a count
      }
    }
    return new UnboundStats(counters);
  }

  long queries() {
    return counters.getOrDefault(TOTAL, 0L);
  }

  long tcpQueries() {
    return counters.getOrDefault(TCP, 0L);
  }

  long udpQueries() {
    return queries() - tcpQueries();
  }

  /** Queries that arrived over IPv6 ({@code num.query.ipv6}). */
  long ipv6Queries() {
    return counters.getOrDefault(IPV6, 0L);
  }

  /** Queries of one type, e.g. {@code AAAA} ({@code num.query.type.AAAA}, extended statistics). */
  long queriesOfType(String type) {
    return counters.getOrDefault(TYPE_PREFIX + type, 0L);
  }

  @Override
  public String toString() {
    return "queries="
        + queries()
        + " (udp="
        + udpQueries()
        + ", tcp="
        + tcpQueries()
        + ", ipv6="
        + ipv6Queries()
        + ", A="
        + queriesOfType("A")
        + ", AAAA="
        + queriesOfType("AAAA")
        + ")";
  }
}
