package io.nodelocaldns.runtime.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.HttpGet;
import io.nodelocaldns.runtime.testing.MetricsRuntime;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.MutableClock;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Clients that open connections and never finish a message, against the DNS TCP listener and the
 * HTTP endpoints (where a node's port is open to anyone who reaches the node): each listener holds
 * at most its cap, a new client still gets its answer during the flood, and a client trickling a
 * byte at a time is closed once its message is overdue.
 */
class SlowClientFloodTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  /** A DNS TCP message cut short: the first byte of its length. */
  private static final byte[] PARTIAL_DNS = {0};

  /** An HTTP request cut short: no blank line ever ends its headers. */
  private static final byte[] PARTIAL_HTTP =
      "GET /metrics HTTP/1.1\r\nHost: node\r\n".getBytes(StandardCharsets.US_ASCII);

  /** The HTTP listener's label: its address as the Corefile names it. */
  private static final String HTTP_LISTENER = "http://127.0.0.1:0";

  private static UnboundServer upstream;
  private MetricsRuntime runtime;

  @BeforeAll
  static void startUpstream() {
    upstream = UnboundServer.start("a.test. 30 IN A 10.0.0.1");
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @BeforeEach
  void start() {
    runtime =
        MetricsRuntime.start(
            """
            .:0 {
                bind 127.0.0.1
                cache 30
                forward . 127.0.0.1:%d
                prometheus 127.0.0.1:0
                health 127.0.0.1:0
            }
            """
                .formatted(upstream.port()),
            MutableClock.create());
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  @Test
  void aDnsTcpFloodIsCappedAndANewClientIsStillAnswered() throws Exception {
    int flood = 1200;
    try (SlowClients clients = SlowClients.open(runtime.dns(), flood, PARTIAL_DNS)) {
      assertThat(DnsClient.tcp(runtime.dns()).query("a.test.", Type.A).getRcode())
          .isEqualTo(Rcode.NOERROR);

      // each was closed for the cap, or (on a machine slow to open them all) for its deadline
      await()
          .atMost(GENEROUS)
          .untilAsserted(
              () ->
                  assertThat(
                          closed(runtime.server(), "limit") + closed(runtime.server(), "deadline"))
                      .isGreaterThanOrEqualTo(flood + 1 - 1000));
      assertThat(closed(runtime.server(), "limit"))
          .as("more than the cap were open at once")
          .isPositive();
    }
  }

  @Test
  void aDnsTcpClientTricklingOneByteAtATimeIsClosed() throws Exception {
    try (Socket trickler = new Socket()) {
      trickler.connect(runtime.dns());
      OutputStream out = trickler.getOutputStream();
      out.write(0); // a length of 200 bytes, then the message a byte at a time
      out.write(200);

      await()
          .atMost(GENEROUS)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                if (!SlowClients.closedByServer(trickler)) {
                  out.write('x');
                  return false;
                }
                return true;
              });
      assertThat(closed(runtime.server(), "deadline")).isPositive();
    }
  }

  @Test
  void anHttpFloodIsCappedAndProbesAndScrapesStillAnswer() {
    InetSocketAddress metrics = runtime.metricsAddress();
    int flood = 600;
    try (SlowClients clients = SlowClients.open(metrics, flood, PARTIAL_HTTP)) {
      MetricsScrape scrape = MetricsScrape.fetch(metrics);

      assertThat(scrape.text()).contains("coredns_build_info");
      await()
          .atMost(GENEROUS)
          .untilAsserted(
              () ->
                  assertThat(closed(HTTP_LISTENER, "limit") + closed(HTTP_LISTENER, "deadline"))
                      .isGreaterThanOrEqualTo(flood - 256));
      assertThat(closed(HTTP_LISTENER, "limit"))
          .as("more than the cap were open at once")
          .isPositive();
    }
  }

  @Test
  void anHttpClientTricklingItsHeadersIsClosed() throws Exception {
    InetSocketAddress metrics = runtime.metricsAddress();
    try (Socket trickler = new Socket()) {
      trickler.connect(metrics);
      OutputStream out = trickler.getOutputStream();
      out.write(PARTIAL_HTTP);

      await()
          .atMost(GENEROUS)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                if (!SlowClients.closedByServer(trickler)) {
                  out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                  return false;
                }
                return true;
              });
      assertThat(closed(HTTP_LISTENER, "deadline")).isPositive();
      assertThat(HttpGet.status(metrics, "/metrics")).isEqualTo(200);
    }
  }

  private double closed(String listener, String reason) {
    return runtime
        .scrape()
        .find(
            "nodelocaldns_connections_closed_total", Map.of("listener", listener, "reason", reason))
        .orElse(0.0);
  }
}
