package io.nodelocaldns.runtime.forward;

import static io.nodelocaldns.runtime.testing.MetricsRuntime.hostPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FakeUpstream;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.MetricsRuntime;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.MutableClock;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * {@code coredns_forward_*} and {@code coredns_proxy_*} scraped from a running runtime: per
 * upstream and rcode with unbound, a refused upstream, and max_concurrent.
 */
class ForwardMetricsTest {
  private static final Duration ASYNC = Duration.ofSeconds(10);

  private static UnboundServer upstream;
  private final MutableClock clock = MutableClock.create();
  private MetricsRuntime runtime;

  @BeforeAll
  static void startUpstream() {
    UnboundServer.assumeInstalled();
    upstream =
        UnboundServer.builder()
            .localZone("example.")
            .localData("www.example. 300 IN A 192.0.2.10")
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

  private void start(String forward) {
    runtime =
        MetricsRuntime.start(
            """
        .:0 {
            bind 127.0.0.1
            forward . %s
            prometheus 127.0.0.1:0
        }
        """
                .formatted(forward),
            clock);
  }

  @Test
  void requestsResponsesAndDurationsPerUpstreamAndRcode() throws Exception {
    start(hostPort(upstream.address()));
    DnsClient udp = DnsClient.udp(runtime.dns());
    udp.query("www.example.", Type.A);
    udp.query("www.example.", Type.A);
    udp.query("missing.example.", Type.A);

    MetricsScrape scrape = runtime.scrape();
    String to = hostPort(upstream.address());
    assertThat(scrape.value("coredns_forward_requests_total", Map.of("to", to))).isEqualTo(3);
    assertThat(
            scrape.value("coredns_forward_responses_total", Map.of("to", to, "rcode", "NOERROR")))
        .isEqualTo(2);
    assertThat(
            scrape.value("coredns_forward_responses_total", Map.of("to", to, "rcode", "NXDOMAIN")))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "coredns_forward_request_duration_seconds_count",
                Map.of("to", to, "rcode", "NOERROR")))
        .isEqualTo(2);
    assertThat(
            scrape.value(
                "coredns_proxy_request_duration_seconds_count",
                Map.of("to", to, "rcode", "NXDOMAIN", "proxy_name", "forward")))
        .isEqualTo(1);
    assertThat(scrape.type("coredns_forward_request_duration_seconds")).contains("histogram");
    assertThat(scrape.value("coredns_forward_healthcheck_broken_total", Map.of())).isZero();
    assertThat(scrape.samples("coredns_forward_healthcheck_failures_total")).isEmpty();
  }

  @Test
  void aRefusedUpstreamIsAskedAndHealthCheckedButNeverAnswers() throws Exception {
    int refused = FreePorts.udpAndTcp();
    start(
        "127.0.0.1:%d %s {\n policy sequential\n }"
            .formatted(refused, hostPort(upstream.address())));
    assertThat(DnsClient.udp(runtime.dns()).query("www.example.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);

    Map<String, String> dead = Map.of("to", "127.0.0.1:" + refused);
    await()
        .atMost(ASYNC)
        .untilAsserted(
            () -> {
              MetricsScrape scrape = runtime.scrape();
              assertThat(scrape.value("coredns_forward_healthcheck_failures_total", dead))
                  .isPositive();
              assertThat(
                      scrape.value(
                          "coredns_proxy_healthcheck_failures_total",
                          Map.of("to", "127.0.0.1:" + refused, "proxy_name", "forward")))
                  .isPositive();
            });
    MetricsScrape scrape = runtime.scrape();
    assertThat(scrape.value("coredns_forward_requests_total", dead)).isEqualTo(1);
    assertThat(scrape.samples("coredns_forward_responses_total", dead)).isEmpty();
    assertThat(
            scrape.value(
                "coredns_forward_responses_total",
                Map.of("to", hostPort(upstream.address()), "rcode", "NOERROR")))
        .isEqualTo(1);
  }

  @Test
  void everyUpstreamDownGivesServfailAndABrokenHealthCheck() throws Exception {
    int refused = FreePorts.udpAndTcp();
    start("127.0.0.1:" + refused);
    DnsClient udp = DnsClient.udp(runtime.dns());
    assertThat(udp.query("www.example.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    // the failed query and the first failed probe reach max_fails 2; a second probe proves it done
    Map<String, String> dead = Map.of("to", "127.0.0.1:" + refused);
    await()
        .atMost(ASYNC)
        .until(
            () -> runtime.scrape().value("coredns_forward_healthcheck_failures_total", dead) >= 2);

    assertThat(udp.query("www.example.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    MetricsScrape scrape = runtime.scrape();
    assertThat(scrape.value("coredns_forward_healthcheck_broken_total", Map.of())).isEqualTo(1);
    assertThat(
            scrape.value(
                "coredns_dns_responses_total",
                Map.of(
                    "server",
                    runtime.server(),
                    "zone",
                    ".",
                    "view",
                    "",
                    "rcode",
                    "SERVFAIL",
                    "plugin",
                    "forward")))
        .isEqualTo(2);
  }

  @Test
  void queriesBeyondMaxConcurrentAreRefusedAndCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (FakeUpstream held =
        FakeUpstream.udp(
            query -> {
              awaitQuietly(release);
              return List.of(FakeUpstream.answer(query, "192.0.2.1"));
            })) {
      start(hostPort(held.address()) + " {\n max_concurrent 1\n }");
      CompletableFuture<Message> first =
          CompletableFuture.supplyAsync(() -> query("first.example."));
      await().atMost(ASYNC).until(() -> held.queries() == 1);

      assertThat(query("second.example.").getRcode()).isEqualTo(Rcode.REFUSED);
      release.countDown();
      assertThat(first.get(ASYNC.toSeconds(), TimeUnit.SECONDS).getRcode())
          .isEqualTo(Rcode.NOERROR);

      MetricsScrape scrape = runtime.scrape();
      assertThat(scrape.value("coredns_forward_max_concurrent_rejects_total", Map.of()))
          .isEqualTo(1);
      assertThat(
              scrape.value(
                  "coredns_dns_responses_total",
                  Map.of(
                      "server",
                      runtime.server(),
                      "zone",
                      ".",
                      "view",
                      "",
                      "rcode",
                      "REFUSED",
                      "plugin",
                      "forward")))
          .isEqualTo(1);
      assertThat(
              scrape.value(
                  "coredns_forward_requests_total", Map.of("to", hostPort(held.address()))))
          .as("the refused query never went upstream")
          .isEqualTo(1);
    } finally {
      release.countDown();
    }
  }

  private Message query(String name) {
    try {
      return DnsClient.udp(runtime.dns()).query(name, Type.A);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(ASYNC.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
