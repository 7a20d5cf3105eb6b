package io.nodelocaldns.runtime.cache;

import static io.nodelocaldns.runtime.testing.MetricsRuntime.hostPort;
import static io.nodelocaldns.runtime.testing.MetricsRuntime.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.MetricsRuntime;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.MutableClock;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code coredns_cache_*} scraped from a running runtime after known traffic, with unbound as the
 * upstream and the cache's time on a {@link MutableClock}.
 */
class CacheMetricsTest {
  private static final String KNOWN = "kubernetes.default.svc.cluster.local.";
  private static final String MISSING = "missing.cluster.local.";

  private static UnboundServer upstream;
  private final MutableClock clock = MutableClock.create();
  private MetricsRuntime runtime;

  @BeforeAll
  static void startUpstream() {
    UnboundServer.assumeInstalled();
    upstream =
        UnboundServer.builder()
            .localZone("cluster.local.")
            .localData("kubernetes.default.svc.cluster.local. 300 IN A 10.96.0.1")
            .localData("a.cluster.local. 300 IN A 10.96.0.2")
            .localData("b.cluster.local. 300 IN A 10.96.0.3")
            .start();
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @AfterEach
  void stopRuntime() {
    if (runtime != null) {
      runtime.close();
    }
  }

  /** The node-local Corefile's cluster.local block, on loopback. */
  private MetricsRuntime startNodeLocalStyle(String cacheOptions) {
    runtime =
        MetricsRuntime.start(
            """
        cluster.local:0 {
            bind 127.0.0.1
            errors
            cache {
                success 9984 30
                denial 9984 5
                %s
            }
            forward . %s {
                force_tcp
            }
            prometheus 127.0.0.1:0
        }
        """
                .formatted(cacheOptions, hostPort(upstream.address())),
            clock);
    return runtime;
  }

  @Test
  void hitsMissesRequestsAndEntriesAfterKnownTraffic() throws Exception {
    startNodeLocalStyle("");
    DnsClient udp = DnsClient.udp(runtime.dns());
    udp.query(KNOWN, Type.A); // miss
    udp.query(KNOWN, Type.A); // success hit
    assertThat(udp.query(MISSING, Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN); // miss
    udp.query(MISSING, Type.A); // denial hit
    DnsClient.tcp(runtime.dns()).query(MISSING, Type.A); // denial hit, over TCP

    MetricsScrape scrape = runtime.scrape();
    Map<String, String> labels = cacheLabels();
    assertThat(scrape.value("coredns_cache_requests_total", labels)).isEqualTo(5);
    assertThat(scrape.value("coredns_cache_misses_total", labels)).isEqualTo(2);
    assertThat(scrape.value("coredns_cache_hits_total", with(labels, "type", "success")))
        .isEqualTo(1);
    assertThat(scrape.value("coredns_cache_hits_total", with(labels, "type", "denial")))
        .isEqualTo(2);
    assertThat(scrape.value("coredns_cache_entries", with(labels, "type", "success"))).isEqualTo(1);
    assertThat(scrape.value("coredns_cache_entries", with(labels, "type", "denial"))).isEqualTo(1);
    assertThat(scrape.type("coredns_cache_hits_total")).contains("counter");
    assertThat(scrape.type("coredns_cache_entries")).contains("gauge");
    assertThat(scrape.samples("coredns_cache_served_stale_total"))
        .as("nothing stale yet")
        .isEmpty();
  }

  @Test
  void theSeedsGrepPrintsCoreDnsLines() throws Exception {
    startNodeLocalStyle("");
    DnsClient udp = DnsClient.udp(runtime.dns());
    for (int i = 0; i < 3; i++) {
      udp.query(KNOWN, Type.A);
      udp.query(MISSING, Type.A);
      udp.query(MISSING, Type.A);
    }

    MetricsScrape scrape = runtime.scrape();
    String server = runtime.server();
    // the seed's command, with our listener's address for 10.96.0.10
    assertThat(scrape.grep("coredns_cache_(hits|misses|requests).*127.0.0.1.*cluster.local"))
        .containsExactly(
            "coredns_cache_hits_total{server=\""
                + server
                + "\",type=\"denial\",view=\"\",zones=\"cluster.local.\"} 5",
            "coredns_cache_hits_total{server=\""
                + server
                + "\",type=\"success\",view=\"\",zones=\"cluster.local.\"} 2",
            "coredns_cache_misses_total{server=\""
                + server
                + "\",view=\"\",zones=\"cluster.local.\"} 2",
            "coredns_cache_requests_total{server=\""
                + server
                + "\",view=\"\",zones=\"cluster.local.\"} 9");
    assertThat(scrape.grep("coredns_cache_entries.*127.0.0.1"))
        .containsExactly(
            "coredns_cache_entries{server=\""
                + server
                + "\",type=\"denial\",view=\"\",zones=\"cluster.local.\"} 1",
            "coredns_cache_entries{server=\""
                + server
                + "\",type=\"success\",view=\"\",zones=\"cluster.local.\"} 1");
    assertThat(scrape.grep("coredns_cache_hits_total.*success.*cluster.local")).hasSize(1);
  }

  @Test
  void staleAnswersCountAsHitsServedStaleAndPrefetch() throws Exception {
    startNodeLocalStyle("serve_stale 1h");
    DnsClient udp = DnsClient.udp(runtime.dns());
    udp.query(KNOWN, Type.A);
    clock.advanceSeconds(31); // past the 30 s success cap
    assertThat(udp.query(KNOWN, Type.A).getSection(Section.ANSWER))
        .singleElement()
        .satisfies(record -> assertThat(record.getTTL()).as("served stale").isZero());

    Map<String, String> labels = cacheLabels();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              MetricsScrape scrape = runtime.scrape();
              assertThat(scrape.value("coredns_cache_served_stale_total", labels)).isEqualTo(1);
              assertThat(scrape.value("coredns_cache_prefetch_total", labels))
                  .as("the background refresh")
                  .isEqualTo(1);
              assertThat(scrape.value("coredns_cache_hits_total", with(labels, "type", "success")))
                  .isEqualTo(1);
              assertThat(scrape.value("coredns_cache_requests_total", labels)).isEqualTo(2);
            });
  }

  @Test
  void evictionsAreCountedPerTier() throws Exception {
    runtime =
        MetricsRuntime.start(
            """
        cluster.local:0 {
            bind 127.0.0.1
            cache {
                success 1
            }
            forward . %s
            prometheus 127.0.0.1:0
        }
        """
                .formatted(hostPort(upstream.address())),
            clock);
    DnsClient udp = DnsClient.udp(runtime.dns());
    for (String name : List.of("a.cluster.local.", "b.cluster.local.", KNOWN)) {
      udp.query(name, Type.A);
    }

    Map<String, String> success = with(cacheLabels(), "type", "success");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(runtime.scrape().value("coredns_cache_evictions_total", success))
                    .isEqualTo(2));
    assertThat(runtime.scrape().value("coredns_cache_entries", success)).isEqualTo(1);
  }

  @Test
  void blocksWithoutPrometheusStillReportTheirCacheAsCoreDnsDoes() throws Exception {
    runtime =
        MetricsRuntime.start(
            """
        cluster.local:0 {
            bind 127.0.0.1
            cache 30
            forward . %s
        }
        example:0 {
            bind 127.0.0.1
            prometheus 127.0.0.1:0
        }
        """
                .formatted(hostPort(upstream.address())),
            clock);
    DnsClient.udp(runtime.dns()).query(KNOWN, Type.A);
    assertThat(runtime.scrape().value("coredns_cache_misses_total", cacheLabels())).isEqualTo(1);
    assertThat(runtime.scrape().samples("coredns_dns_requests_total"))
        .as("only blocks with prometheus count their queries")
        .isEmpty();
  }

  private Map<String, String> cacheLabels() {
    return Map.of("server", runtime.server(), "zones", "cluster.local.", "view", "");
  }
}
