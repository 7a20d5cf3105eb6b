package io.nodelocaldns.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.testing.FreePorts;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real HTTP on loopback: paths, methods, sharing of one address, and failures to bind. */
class HttpEndpointsTest {
  private static final InetSocketAddress ANY_LOOPBACK_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private final HttpEndpoints http = new HttpEndpoints();

  @AfterEach
  void close() {
    http.close();
  }

  @Test
  void servesEachRegisteredPathWithItsReply() throws Exception {
    http.register(ANY_LOOPBACK_PORT, "/health", () -> HttpEndpoints.Reply.text(200, "OK"));
    http.start();
    HttpResponse<String> response = get(http.boundAddress(ANY_LOOPBACK_PORT), "/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("OK");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void unknownPathsAndLongerPathsAre404() throws Exception {
    http.register(ANY_LOOPBACK_PORT, "/health", () -> HttpEndpoints.Reply.text(200, "OK"));
    http.start();
    InetSocketAddress bound = http.boundAddress(ANY_LOOPBACK_PORT);
    assertThat(get(bound, "/nothing").statusCode()).isEqualTo(404);
    assertThat(get(bound, "/").statusCode()).isEqualTo(404);
    assertThat(get(bound, "/health/more").statusCode()).as("only the exact path").isEqualTo(404);
  }

  @Test
  void headGetsTheStatusWithoutABody() throws Exception {
    http.register(ANY_LOOPBACK_PORT, "/ready", () -> HttpEndpoints.Reply.text(503, "Starting"));
    http.start();
    HttpRequest head =
        HttpRequest.newBuilder(uri(http.boundAddress(ANY_LOOPBACK_PORT), "/ready"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response = client().send(head, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void twoPathsOnOneAddressShareOneServer() throws Exception {
    http.register(ANY_LOOPBACK_PORT, "/health", () -> HttpEndpoints.Reply.text(200, "OK"));
    http.register(ANY_LOOPBACK_PORT, "/ready", () -> HttpEndpoints.Reply.text(503, "Starting"));
    http.start();
    InetSocketAddress bound = http.boundAddress(ANY_LOOPBACK_PORT);
    assertThat(bound.getPort()).isPositive();
    assertThat(get(bound, "/health").statusCode()).isEqualTo(200);
    assertThat(get(bound, "/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void aPathIsRegisteredOncePerAddress() {
    http.register(ANY_LOOPBACK_PORT, "/health", () -> HttpEndpoints.Reply.text(200, "OK"));
    assertThatThrownBy(
            () ->
                http.register(
                    ANY_LOOPBACK_PORT, "/health", () -> HttpEndpoints.Reply.text(200, "OK")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/health is already served");
  }

  @Test
  void aFailingReplyIs500AndTheServerGoesOn() throws Exception {
    http.register(
        ANY_LOOPBACK_PORT,
        "/broken",
        () -> {
          throw new IllegalStateException("boom");
        });
    http.register(ANY_LOOPBACK_PORT, "/health", () -> HttpEndpoints.Reply.text(200, "OK"));
    http.start();
    InetSocketAddress bound = http.boundAddress(ANY_LOOPBACK_PORT);
    assertThat(get(bound, "/broken").statusCode()).isEqualTo(500);
    assertThat(get(bound, "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void anAddressInUseFailsStartNamingIt() throws Exception {
    int port = FreePorts.udpAndTcp();
    try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      http.register(FreePorts.loopback(port), "/health", () -> HttpEndpoints.Reply.text(200, "OK"));
      assertThatThrownBy(http::start)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("listen tcp 127.0.0.1:" + port + ": ");
    }
  }

  @Test
  void aSecondServerOnTheSamePortBindsWithReusePortAndServesAfterTheFirstCloses() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        io.nodelocaldns.runtime.transport.NettyTransport.best().supportsReusePort());
    int port = FreePorts.udpAndTcp();
    http.register(FreePorts.loopback(port), "/health", () -> HttpEndpoints.Reply.text(200, "A"));
    http.start();
    try (HttpEndpoints second = new HttpEndpoints()) {
      second.register(
          FreePorts.loopback(port), "/health", () -> HttpEndpoints.Reply.text(200, "B"));
      second.start();
      assertThat(second.boundAddress(FreePorts.loopback(port)).getPort()).isEqualTo(port);
      assertThat(get(FreePorts.loopback(port), "/health").body()).isIn("A", "B");

      http.close();

      for (int i = 0; i < 5; i++) {
        assertThat(get(FreePorts.loopback(port), "/health").body()).isEqualTo("B");
      }
    }
  }

  @Test
  void boundAddressOfAnAddressNotServedIsAnError() {
    http.start();
    assertThatThrownBy(() -> http.boundAddress(ANY_LOOPBACK_PORT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing is served");
  }

  static HttpResponse<String> get(InetSocketAddress address, String path) throws Exception {
    return client()
        .send(
            HttpRequest.newBuilder(uri(address, path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static URI uri(InetSocketAddress address, String path) {
    return URI.create(
        "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + path);
  }
}
