package io.nodelocaldns.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FakeUpstream;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.MetricsRuntime;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.MutableClock;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The one upstream dies and comes back, with {@code cache { serve_stale }} in front of it as a
 * node's cache has. Cached names keep answering (TTL 0, as CoreDNS serves stale data), other names
 * get SERVFAIL rather than silence, health checks count the failures and stop once the upstream
 * answers again, and fresh answers replace the stale ones.
 */
class UpstreamOutageTest {
  private static final Duration GENEROUS = Duration.ofSeconds(20);

  private final MutableClock clock = MutableClock.create();
  private MetricsRuntime runtime;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void servesStaleThroughAnOutageAndFreshAnswersOnceTheUpstreamIsBack() throws Exception {
    int port;
    String to;
    try (UnboundServer upstream =
        UnboundServer.start("a.test. 30 IN A 10.0.0.1", "b.test. 30 IN A 10.0.0.1")) {
      port = upstream.port();
      to = "127.0.0.1:" + port;
      start(to);
      assertThat(addresses(query("a.test."))).containsExactly("10.0.0.1");
      assertThat(addresses(query("b.test."))).containsExactly("10.0.0.1");
    } // unbound stopped by its pid: the port refuses from now on

    clock.advanceSeconds(40); // both entries expired 10 s ago
    Message stale = query("a.test.");
    assertThat(stale.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(addresses(stale)).containsExactly("10.0.0.1");
    assertThat(ttls(stale)).containsOnly(0L);
    Message uncached = query("new.test.");
    assertThat(uncached.getRcode()).isEqualTo(Rcode.SERVFAIL);

    // max_fails 2: the failed exchanges mark it down, the health checker probes and fails
    await().atMost(GENEROUS).until(() -> healthcheckFailures(to) >= 3);
    assertThat(addresses(query("b.test."))).as("stale while down").containsExactly("10.0.0.1");
    assertThat(query("other.test.").getRcode()).isEqualTo(Rcode.SERVFAIL);
    MetricsScrape down = runtime.scrape();
    assertThat(down.find("coredns_proxy_healthcheck_failures_total", proxy(to))).isPresent();
    assertThat(down.find("coredns_forward_healthcheck_broken_total", Map.of()).orElseThrow())
        .as("queries that found the only upstream down")
        .isPositive();
    assertThat(servedStale()).isGreaterThanOrEqualTo(2);

    try (UnboundServer revived =
        UnboundServer.builder()
            .port(port)
            .localData("a.test. 30 IN A 10.0.0.2", "b.test. 30 IN A 10.0.0.2")
            .localData("new.test. 30 IN A 10.0.0.3")
            .start()) {
      // a stale answer starts a refresh; once it is stored, the fresh answer is a hit
      await().atMost(GENEROUS).until(() -> addresses(query("a.test.")).equals(List.of("10.0.0.2")));
      Message fresh = query("a.test.");
      assertThat(ttls(fresh)).containsOnly(30L);
      assertThat(addresses(query("new.test."))).containsExactly("10.0.0.3");

      // a probe answered: health checking stops, so the failure count stops growing
      await().atMost(GENEROUS).until(() -> stableOver(to, Duration.ofMillis(500)));
      double failures = healthcheckFailures(to);
      // b.test.'s first answer is still the stale one (serve_stale immediate), then fresh
      await().atMost(GENEROUS).until(() -> addresses(query("b.test.")).equals(List.of("10.0.0.2")));
      assertThat(healthcheckFailures(to)).isEqualTo(failures);
      System.out.printf(
          "outage: %.0f failed health checks while down, %.0f stale answers, %.0f queries"
              + " found the only upstream down%n",
          failures,
          servedStale(),
          runtime
              .scrape()
              .find("coredns_forward_healthcheck_broken_total", Map.of())
              .orElseThrow());
      assertThat(
              runtime
                  .scrape()
                  .find("coredns_forward_responses_total", Map.of("rcode", "NOERROR", "to", to))
                  .orElseThrow())
          .isGreaterThanOrEqualTo(5);
      assertThat(revived.queries()).isPositive();
    }
  }

  @Test
  void aSilentUpstreamStillGivesUncachedNamesServfailAndCachedOnesTheirStaleAnswer()
      throws Exception {
    int port = FreePorts.udpAndTcp();
    String to = "127.0.0.1:" + port;
    try (UnboundServer upstream =
        UnboundServer.builder().port(port).localData("a.test. 30 IN A 10.0.0.1").start()) {
      start(to);
      assertThat(addresses(query("a.test."))).containsExactly("10.0.0.1");
    }
    // a blackholed upstream: no refusal, nothing; only the forward deadline ends the wait
    try (FakeUpstream silent = FakeUpstream.silentOn(port)) {
      clock.advanceSeconds(40);
      assertThat(addresses(query("a.test."))).containsExactly("10.0.0.1");
      Message uncached = query("new.test.");
      assertThat(uncached.getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(silent.queries()).isZero(); // never read: it is silent
    }
  }

  private void start(String to) {
    runtime =
        MetricsRuntime.start(
            """
            .:0 {
                bind 127.0.0.1
                cache 30 {
                    serve_stale 1h
                }
                forward . %s {
                    max_fails 2
                    health_check 100ms
                }
                prometheus 127.0.0.1:0
            }
            """
                .formatted(to),
            clock);
  }

  /** One UDP query; the client waits {@link DnsClient#DEFAULT_TIMEOUT}, far beyond the 3 s. */
  private Message query(String name) throws Exception {
    return DnsClient.udp(runtime.dns()).query(name, Type.A);
  }

  private double healthcheckFailures(String to) {
    return runtime
        .scrape()
        .find("coredns_forward_healthcheck_failures_total", Map.of("to", to))
        .orElse(0.0);
  }

  private boolean stableOver(String to, Duration window) throws InterruptedException {
    double before = healthcheckFailures(to);
    Thread.sleep(window.toMillis());
    return healthcheckFailures(to) == before;
  }

  private double servedStale() {
    return runtime.scrape().samples("coredns_cache_served_stale_total").stream()
        .mapToDouble(MetricsScrape.Sample::number)
        .sum();
  }

  private static Map<String, String> proxy(String to) {
    return Map.of("proxy_name", "forward", "to", to);
  }

  static List<String> addresses(Message answer) {
    return answer.getSection(Section.ANSWER).stream()
        .filter(ARecord.class::isInstance)
        .map(r -> ((ARecord) r).getAddress().getHostAddress())
        .toList();
  }

  static List<Long> ttls(Message answer) {
    return answer.getSection(Section.ANSWER).stream().map(Record::getTTL).toList();
  }
}
