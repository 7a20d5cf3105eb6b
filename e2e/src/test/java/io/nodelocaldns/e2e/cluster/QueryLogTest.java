package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counting a query pod's lookups, including the log of a pod still running. */
class QueryLogTest {
  @Test
  void countsAnsweredAndFailedLookupsAndReadsTheNameservers() {
    QueryLog log =
        QueryLog.parse(
            """
            nld-resolv search nld-e2e-1.svc.cluster.local svc.cluster.local cluster.local
            nld-resolv nameserver 10.96.0.10
            nld-resolv options ndots:5
            nld-query ok 1 kubernetes.default.svc.cluster.local
            nld-out kubernetes.default.svc.cluster.local: Server:		10.96.0.10
            nld-query FAIL 1 example.com ;; connection timed out; no servers could be reached
            nld-query ok 2 kubernetes.default.svc.cluster.local
            nld-query ok 2 example.com
            nld-query done
            """);

    assertThat(log.ok()).isEqualTo(3);
    assertThat(log.failed()).isEqualTo(1);
    assertThat(log.lookups()).isEqualTo(4);
    assertThat(log.failures())
        .containsExactly(
            "round 1 example.com: ;; connection timed out; no servers could be reached");
    assertThat(log.nameservers()).containsExactly("10.96.0.10");
    assertThat(log.done()).isTrue();
  }

  @Test
  void aLineStillBeingWrittenIsNotCounted() {
    QueryLog log = QueryLog.parse("nld-query ok 1 a.example\nnld-query ok 2 a.exa");

    assertThat(log.ok()).isEqualTo(1);
    assertThat(log.done()).isFalse();
  }

  @Test
  void otherLinesAreNotLookups() {
    assertThat(
            QueryLog.parse("nld-query maybe 1 x\nServer: 10.96.0.10\nnld-query ok x y\n").lookups())
        .isZero();
  }
}
