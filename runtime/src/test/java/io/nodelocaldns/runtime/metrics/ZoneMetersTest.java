package io.nodelocaldns.runtime.metrics;

import static io.nodelocaldns.runtime.testing.MetricsRuntime.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.SharedResources;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.prometheus.RuntimeMetrics;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.wire.Rcode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * The duration and size histograms of {@link ZoneMeters} as the runtime's scrape writes them after
 * known queries: cumulative {@code _bucket{le}}, {@code _count}, {@code _sum}, CoreDNS's bounds.
 */
class ZoneMetersTest {
  private static final String SERVER = "dns://:53";
  private static final String ZONE = "cluster.local.";
  private static final Map<String, String> BLOCK =
      Map.of("server", SERVER, "zone", ZONE, "view", "");
  private static final Map<String, String> UDP = with(BLOCK, "proto", "udp");
  private static final Map<String, String> TCP = with(BLOCK, "proto", "tcp");

  private final RuntimeMetrics metrics = RuntimeMetrics.create();
  private final Histograms histograms = Histograms.of(metrics.registry(), new SharedResources());
  private final ZoneMeters meters = new ZoneMeters(metrics.registry(), histograms, SERVER, ZONE);

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void durationsAreCountedInCoreDnsBucketsAndWrittenInSeconds() {
    for (long nanos :
        new long[] {100_000, 250_000, 250_001, 3_000_000, 8_192_000_000L, 10_000_000_000L}) {
      query(Transport.UDP, 60, nanos, 100);
    }

    MetricsScrape scrape = scrape();
    assertThat(buckets(scrape, "coredns_dns_request_duration_seconds", BLOCK))
        .containsExactly(
            "0.00025 2", // 0.1 ms, and 0.25 ms exactly
            "0.0005 3",
            "0.001 3",
            "0.002 3",
            "0.004 4",
            "0.008 4",
            "0.016 4",
            "0.032 4",
            "0.064 4",
            "0.128 4",
            "0.256 4",
            "0.512 4",
            "1.024 4",
            "2.048 4",
            "4.096 4",
            "8.192 5",
            "+Inf 6");
    assertThat(scrape.value("coredns_dns_request_duration_seconds_count", BLOCK)).isEqualTo(6);
    assertThat(scrape.value("coredns_dns_request_duration_seconds_sum", BLOCK))
        .isEqualTo(18.195600001);
    assertThat(scrape.type("coredns_dns_request_duration_seconds")).contains("histogram");
    assertThat(scrape.grep("^# HELP coredns_dns_request_duration_seconds "))
        .containsExactly(
            "# HELP coredns_dns_request_duration_seconds"
                + " How long each request took to answer, per zone");
  }

  @Test
  void sizesAreCountedInCoreDnsBucketsPerProtocol() {
    query(Transport.UDP, 40, 1, 60);
    query(Transport.UDP, 100, 1, 100);
    query(Transport.UDP, 101, 1, 512);
    query(Transport.UDP, 512, 1, 4096);
    query(Transport.UDP, 70_000, 1, 64_000);
    query(Transport.TCP, 60, 1, 64_001);

    MetricsScrape scrape = scrape();
    assertThat(buckets(scrape, "coredns_dns_request_size_bytes", UDP))
        .containsExactly(
            "100 2", "200 3", "300 3", "400 3", "511 3", "1023 4", "2047 4", "4095 4", "8291 4",
            "16000 4", "32000 4", "48000 4", "64000 4", "+Inf 5");
    assertThat(scrape.value("coredns_dns_request_size_bytes_count", UDP)).isEqualTo(5);
    assertThat(scrape.value("coredns_dns_request_size_bytes_sum", UDP)).isEqualTo(70_753);
    assertThat(buckets(scrape, "coredns_dns_response_size_bytes", UDP))
        .containsExactly(
            "100 2", "200 2", "300 2", "400 2", "511 2", "1023 3", "2047 3", "4095 3", "8291 4",
            "16000 4", "32000 4", "48000 4", "64000 5", "+Inf 5");
    assertThat(scrape.value("coredns_dns_response_size_bytes_sum", UDP)).isEqualTo(68_768);

    assertThat(scrape.value("coredns_dns_request_size_bytes_count", TCP)).isEqualTo(1);
    assertThat(scrape.value("coredns_dns_request_size_bytes_sum", TCP)).isEqualTo(60);
    assertThat(scrape.value("coredns_dns_response_size_bytes_bucket", with(TCP, "le", "64000")))
        .isZero();
    assertThat(scrape.value("coredns_dns_response_size_bytes_bucket", with(TCP, "le", "+Inf")))
        .isEqualTo(1);
    assertThat(scrape.type("coredns_dns_request_size_bytes")).contains("histogram");
  }

  @Test
  void theHistogramsHaveNoMaxGauge() {
    query(Transport.UDP, 60, 1_000_000, 100);
    MetricsScrape scrape = scrape();
    assertThat(scrape.samples("coredns_dns_request_duration_seconds_count")).hasSize(1);
    assertThat(scrape.grep("^coredns_dns_\\w+_max")).isEmpty();
  }

  @Test
  void anotherZoneIsAnotherSeriesOfTheSameHistograms() {
    ZoneMeters other = new ZoneMeters(metrics.registry(), histograms, SERVER, "example.");
    query(Transport.UDP, 60, 1, 100);
    other.record(Transport.UDP, 0, Type.A, false, 60, 1, Rcode.NOERROR, "cache", 100);
    other.record(Transport.UDP, 0, Type.A, false, 60, 1, Rcode.NOERROR, "cache", 100);

    MetricsScrape scrape = scrape();
    assertThat(scrape.value("coredns_dns_request_duration_seconds_count", BLOCK)).isEqualTo(1);
    assertThat(
            scrape.value(
                "coredns_dns_request_duration_seconds_count", with(BLOCK, "zone", "example.")))
        .isEqualTo(2);
  }

  private void query(Transport transport, int requestSize, long nanos, int responseSize) {
    meters.record(
        transport, 0, Type.A, false, requestSize, nanos, Rcode.NOERROR, "cache", responseSize);
  }

  private MetricsScrape scrape() {
    return MetricsScrape.parse(metrics.scrape());
  }

  /** Each {@code _bucket} of the series as {@code "LE COUNT"}, in the order written. */
  private static List<String> buckets(
      MetricsScrape scrape, String name, Map<String, String> series) {
    return scrape.samples(name + "_bucket", series).stream()
        .filter(s -> s.labels().size() == series.size() + 1)
        .map(s -> s.labels().get("le") + " " + s.value())
        .toList();
  }
}
