package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTextTest {
  private static final String SEED =
      """
      # HELP coredns_cache_hits_total The count of cache hits.
      # TYPE coredns_cache_hits_total counter
      coredns_cache_hits_total{server="dns://10.96.0.10:53",type="denial",view="",zones="cluster.local."} 12
      coredns_cache_hits_total{server="dns://10.96.0.10:53",type="success",view="",zones="cluster.local."} 9
      coredns_cache_hits_total{server="dns://169.254.20.10:53",type="success",view="",zones="cluster.local."} 100
      coredns_cache_misses_total{server="dns://10.96.0.10:53",view="",zones="cluster.local."} 35
      process_open_fds 42.0
      """;

  @Test
  void sumsAFamilyOverTheGivenLabelsAsTheSeedsGrepDoes() {
    MetricsText metrics = MetricsText.parse(SEED);

    Map<String, String> clusterIp =
        Map.of("server", "dns://10.96.0.10:53", "zones", "cluster.local.");
    assertThat(metrics.sum("coredns_cache_hits_total", clusterIp)).isEqualTo(21);
    assertThat(metrics.sum("coredns_cache_misses_total", clusterIp)).isEqualTo(35);
    assertThat(metrics.sum("coredns_cache_hits_total", Map.of())).isEqualTo(121);
    assertThat(metrics.sum("coredns_cache_entries", clusterIp)).isZero();
  }

  @Test
  void parsesUnlabelledSamplesEscapesAndInfinity() {
    assertThat(MetricsText.parseLine("process_open_fds 42.0"))
        .isEqualTo(new MetricsText.Sample("process_open_fds", Map.of(), 42));
    MetricsText.Sample escaped = MetricsText.parseLine("x{a=\"q\\\"uote, b\",le=\"+Inf\"} +Inf");
    assertThat(escaped.labels())
        .containsExactly(Map.entry("a", "q\"uote, b"), Map.entry("le", "+Inf"));
    assertThat(escaped.value()).isInfinite();
  }

  @Test
  void aSampleWithATimestampKeepsItsValue() {
    assertThat(MetricsText.parseLine("x{a=\"1\"} 3 1700000000000").value()).isEqualTo(3);
  }
}
