package io.nodelocaldns.runtime.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.MetricsRuntime;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.MutableClock;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * {@code /metrics} itself: one endpoint per address shared by the blocks that name it, the text
 * format, the series present from the start, and the JVM's.
 */
class MetricsEndpointTest {
  private static final String ANY_ADDRESS = "127.0.0.1:0";
  private static final String OTHER_ADDRESS = "127.0.0.2:0";

  private MetricsRuntime runtime;

  @AfterEach
  void stopRuntime() {
    if (runtime != null) {
      runtime.close();
    }
  }

  /** Blocks with no forward: every query gets SERVFAIL from the end of the chain. */
  private void start(String... prometheusAddresses) {
    StringBuilder corefile = new StringBuilder();
    for (int i = 0; i < prometheusAddresses.length; i++) {
      corefile.append(
          "zone%d:0 {\n bind 127.0.0.1\n prometheus %s\n}\n".formatted(i, prometheusAddresses[i]));
    }
    runtime = MetricsRuntime.start(corefile.toString(), MutableClock.create());
  }

  @Test
  void servesPrometheusTextAndNothingElse() {
    start(ANY_ADDRESS);
    MetricsScrape.Reply metrics = MetricsScrape.get(runtime.metricsAddress(), "/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(MetricsScrape.get(runtime.metricsAddress(), "/metrics/more").status())
        .isEqualTo(404);
    assertThat(MetricsScrape.get(runtime.metricsAddress(), "/").status()).isEqualTo(404);
  }

  @Test
  void buildInfoAndPlainCountersArePresentFromTheStart() {
    start(ANY_ADDRESS);
    MetricsScrape scrape = runtime.scrape();
    assertThat(scrape.type("coredns_build_info")).contains("gauge");
    assertThat(scrape.samples("coredns_build_info"))
        .singleElement()
        .satisfies(
            info -> {
              assertThat(info.labels()).containsOnlyKeys("version", "revision", "goversion");
              assertThat(info.labels().get("goversion"))
                  .isEqualTo("java" + System.getProperty("java.version"));
              assertThat(info.value()).isEqualTo("1");
            });
    for (String counter :
        new String[] {
          "coredns_panics_total",
          "coredns_reload_failed_total",
          "coredns_forward_healthcheck_broken_total",
          "coredns_forward_max_concurrent_rejects_total"
        }) {
      assertThat(scrape.value(counter, Map.of())).as(counter).isZero();
      assertThat(scrape.type(counter)).as(counter).contains("counter");
    }
  }

  @Test
  void jvmAndProcessMetricsAreExported() {
    start(ANY_ADDRESS);
    MetricsScrape scrape = runtime.scrape();
    assertThat(scrape.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
    assertThat(scrape.value("jvm_threads_live_threads", Map.of())).isPositive();
    assertThat(scrape.value("jvm_classes_loaded_classes", Map.of())).isPositive();
    assertThat(scrape.value("process_cpu_seconds_total", Map.of())).isPositive();
    assertThat(scrape.value("process_resident_memory_bytes", Map.of())).isPositive();
    assertThat(scrape.value("process_open_fds", Map.of())).isPositive();
    assertThat(scrape.value("process_start_time_seconds", Map.of())).isPositive();
    assertThat(scrape.samples("process_uptime_seconds")).hasSize(1);
  }

  @Test
  void blocksNamingOneAddressShareItsEndpointAndEveryEndpointShowsEverything() throws Exception {
    start(ANY_ADDRESS, ANY_ADDRESS, OTHER_ADDRESS);
    DnsClient udp = DnsClient.udp(runtime.dns());
    for (String name : new String[] {"zone0.", "zone1.", "zone2."}) {
      assertThat(udp.query(name, Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    InetSocketAddress first = runtime.metricsAddress(new InetSocketAddress("127.0.0.1", 0));
    InetSocketAddress second = runtime.metricsAddress(new InetSocketAddress("127.0.0.2", 0));
    assertThat(second).isNotEqualTo(first);
    for (InetSocketAddress endpoint : new InetSocketAddress[] {first, second}) {
      MetricsScrape scrape = MetricsScrape.fetch(endpoint);
      for (String zone : new String[] {"zone0.", "zone1.", "zone2."}) {
        assertThat(
                scrape.value(
                    "coredns_dns_responses_total",
                    Map.of(
                        "server",
                        runtime.server(),
                        "zone",
                        zone,
                        "view",
                        "",
                        "rcode",
                        "SERVFAIL",
                        "plugin",
                        "")))
            .as(zone + " on " + endpoint)
            .isEqualTo(1);
      }
    }
  }
}
