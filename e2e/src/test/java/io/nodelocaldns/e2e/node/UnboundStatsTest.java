package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnboundStatsTest {
  @Test
  void countsQueriesAndSplitsThemByTransport() {
    UnboundStats stats =
        UnboundStats.parse(
            """
        thread0.num.queries=5
        total.num.queries=5
        total.recursion.time.avg=0.000000
        num.query.tcp=3
        num.query.tcpout=0
        """);

    assertThat(stats.queries()).isEqualTo(5);
    assertThat(stats.tcpQueries()).isEqualTo(3);
    assertThat(stats.udpQueries()).isEqualTo(2);
    assertThat(stats.counters()).doesNotContainKey("total.recursion.time.avg");
  }

  @Test
  void countsQueriesByType() {
    UnboundStats stats =
        UnboundStats.parse(
            """
        total.num.queries=4
        num.query.type.A=3
        num.query.type.AAAA=1
        """);

    assertThat(stats.queriesOfType("A")).isEqualTo(3);
    assertThat(stats.queriesOfType("AAAA")).isEqualTo(1);
    assertThat(stats.queriesOfType("MX")).isZero();
  }

  @Test
  void countsQueriesOverIpv6() {
    UnboundStats stats =
        UnboundStats.parse(
            """
        total.num.queries=3
        num.query.tcp=2
        num.query.ipv6=2
        """);

    assertThat(stats.ipv6Queries()).isEqualTo(2);
    assertThat(stats).hasToString("queries=3 (udp=1, tcp=2, ipv6=2, A=0, AAAA=0)");
  }

  @Test
  void nothingReceivedIsZero() {
    assertThat(UnboundStats.parse("").udpQueries()).isZero();
  }
}
