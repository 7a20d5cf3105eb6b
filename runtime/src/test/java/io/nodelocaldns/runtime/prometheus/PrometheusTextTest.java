package io.nodelocaldns.runtime.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The exposition rewritten with Go's numbers: values and bounds change, nothing else. */
class PrometheusTextTest {
  @Test
  void rewritesValuesAndBoundsOnly() {
    String java =
        """
        # HELP coredns_cache_hits_total The count of cache hits, 12.0 of them
        # TYPE coredns_cache_hits_total counter
        coredns_cache_hits_total{server="dns://10.96.0.10:53",type="denial",view="",zones="cluster.local."} 12.0
        x_bucket{le="2.5E-4",proto="udp"} 3
        x_bucket{proto="udp",le="100.0"} 4
        x_bucket{proto="udp",le="+Inf"} 4
        x_sum{proto="udp"} 1.0E7
        y{quantile="0.5",path="a b le=\\"1.0\\""} NaN
        up 1.0
        """;
    assertThat(PrometheusText.goStyle(java))
        .isEqualTo(
            """
        # HELP coredns_cache_hits_total The count of cache hits, 12.0 of them
        # TYPE coredns_cache_hits_total counter
        coredns_cache_hits_total{server="dns://10.96.0.10:53",type="denial",view="",zones="cluster.local."} 12
        x_bucket{le="0.00025",proto="udp"} 3
        x_bucket{proto="udp",le="100"} 4
        x_bucket{proto="udp",le="+Inf"} 4
        x_sum{proto="udp"} 1e+07
        y{quantile="0.5",path="a b le=\\"1.0\\""} NaN
        up 1
        """);
  }
}
