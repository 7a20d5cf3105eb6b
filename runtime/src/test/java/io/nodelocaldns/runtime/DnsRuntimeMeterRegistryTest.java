package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.prometheus.RuntimeMetrics;
import io.nodelocaldns.runtime.testing.HttpGet;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry the node agent adds its own counters to is the one {@code /metrics} serves. */
class DnsRuntimeMeterRegistryTest {
  private static final InetSocketAddress METRICS = new InetSocketAddress("127.0.0.1", 0);

  @Test
  void aCounterAddedToTheRegistryIsServedAtMetrics() throws Exception {
    try (DnsRuntime runtime = start("prometheus 127.0.0.1:0")) {
      Counter.builder("coredns.test.added")
          .tag("errortype", "configmap")
          .register(runtime.meterRegistry().orElseThrow());

      String body = HttpGet.get(runtime.httpAddress(METRICS), RuntimeMetrics.PATH).body();

      assertThat(body).contains("coredns_test_added_total{errortype=\"configmap\"} 0");
    }
  }

  @Test
  void withoutPrometheusThereIsNoRegistry() {
    try (DnsRuntime runtime = start("")) {
      assertThat(runtime.meterRegistry()).isEmpty();
    }
  }

  private static DnsRuntime start(String directive) {
    String corefile =
        """
        .:0 {
            bind 127.0.0.1
            %s
            forward . 127.0.0.1:9
        }
        """
            .formatted(directive);
    return DnsRuntime.start(
        CorefileParser.parse("Corefile", corefile, Map.of()), RuntimeOptions.defaults());
  }
}
