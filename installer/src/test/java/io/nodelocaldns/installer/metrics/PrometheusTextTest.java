package io.nodelocaldns.installer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  static final String TEXT =
      """
      # HELP coredns_cache_hits_total The count of cache hits.
      # TYPE coredns_cache_hits_total counter
      coredns_cache_hits_total{server="dns://169.254.20.10:53",type="success",view="",zones="."} 90
      coredns_cache_hits_total{server="dns://169.254.20.10:53",type="denial",view="",zones="."} 10
      coredns_cache_misses_total{server="dns://169.254.20.10:53",view="",zones="."} 25
      coredns_dns_requests_total{family="1",proto="udp",server="dns://169.254.20.10:53",type="A",view="",zone="."} 1.25e2
      coredns_build_info{goversion="java25",revision="abc",version="0.1.0"} 1
      weird line without value
      coredns_odd{label="with \\"quote\\" and , comma"} NaN
      up 1 1700000000000
      """;

  @Test
  void sumsOverLabelSets() {
    PrometheusText metrics = PrometheusText.parse(TEXT);

    assertThat(metrics.sum("coredns_cache_hits_total")).contains(100.0);
    assertThat(metrics.sum("coredns_cache_misses_total")).contains(25.0);
    assertThat(metrics.sum("coredns_dns_requests_total")).contains(125.0);
    assertThat(metrics.sum("up")).contains(1.0);
    assertThat(metrics.sum("absent")).isEmpty();
  }

  @Test
  void readsLabelsWithEscapes() {
    PrometheusText metrics = PrometheusText.parse(TEXT);

    assertThat(metrics.label("coredns_build_info", "version")).contains("0.1.0");
    assertThat(metrics.label("coredns_odd", "label")).contains("with \"quote\" and , comma");
    assertThat(metrics.sum("coredns_odd").get()).isNaN();
  }
}
