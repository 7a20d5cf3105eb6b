package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.ops.Readiness;
import io.nodelocaldns.runtime.server.DnsListener;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.HttpGet;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** {@code /health}, {@code /ready} and lameduck on a running runtime, with a real upstream. */
class RuntimeProbesTest {
  private static final InetSocketAddress HTTP =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private static UnboundServer upstream;
  private DnsRuntime runtime;

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
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private DnsRuntime start(String healthOptions, String readyAddress) {
    runtime =
        DnsRuntime.start(
            CorefileParser.parse(
                "Corefile",
                """
        .:0 {
            bind 127.0.0.1
            health 127.0.0.1:0 %s
            ready %s
            forward . 127.0.0.1:%d
        }
        """
                    .formatted(healthOptions, readyAddress, upstream.port()),
                Map.of()),
            RuntimeOptions.defaults());
    return runtime;
  }

  private InetSocketAddress dns() {
    return runtime.addresses().get(0).socketAddress();
  }

  private InetSocketAddress http() {
    return runtime.httpAddress(HTTP);
  }

  @Test
  void healthAndReadyAreOkWhileServing() throws Exception {
    start("", "127.0.0.1:0");
    assertThat(HttpGet.get(http(), "/health")).isEqualTo(new HttpGet.Response(200, "OK"));
    assertThat(HttpGet.get(http(), "/ready")).isEqualTo(new HttpGet.Response(200, "OK"));
    assertThat(runtime.state()).isEqualTo(Readiness.State.READY);
    assertThat(DnsClient.udp(dns()).query("www.example.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void lameduckKeepsServingDnsAndHealthWhileReadyTurns503() throws Exception {
    start("{\n lameduck 20s\n }", "127.0.0.1:0");
    InetSocketAddress http = http();
    InetSocketAddress dns = dns();
    Thread shutdown = Thread.ofPlatform().name("test-shutdown").start(runtime::shutdown);

    await().atMost(GENEROUS).until(() -> HttpGet.status(http, "/ready") == 503);
    assertThat(HttpGet.get(http, "/ready").body()).isEqualTo("Shutting down");
    assertThat(HttpGet.get(http, "/health"))
        .as("alive during lameduck, as CoreDNS")
        .isEqualTo(new HttpGet.Response(200, "OK"));
    assertThat(DnsClient.udp(dns).query("www.example.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(DnsClient.tcp(dns).query("www.example.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(shutdown.isAlive()).as("still in lameduck").isTrue();

    runtime.close(); // cuts the lameduck short
    shutdown.join(GENEROUS);
    assertThat(shutdown.isAlive()).isFalse();
    assertThatThrownBy(() -> DnsClient.tcp(dns).query("www.example.", Type.A))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> HttpGet.status(http, "/health"))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void shutdownWithoutLameduckClosesAtOnce() {
    start("", "127.0.0.1:0");
    InetSocketAddress dns = dns();
    runtime.shutdown();
    assertThatThrownBy(() -> DnsClient.tcp(dns).query("www.example.", Type.A))
        .isInstanceOf(IOException.class);
  }

  @Test
  void blocksNamingOneAddressShareItsEndpoints() {
    runtime =
        DnsRuntime.start(
            CorefileParser.parse(
                "Corefile",
                """
        example:0 {
            bind 127.0.0.1
            health 127.0.0.1:0
            ready 127.0.0.1:0
            forward . 127.0.0.1:%1$d
        }
        .:0 {
            bind 127.0.0.1
            health 127.0.0.1:0
            ready 127.0.0.1:0
            forward . 127.0.0.1:%1$d
        }
        """
                    .formatted(upstream.port()),
                Map.of()),
            RuntimeOptions.defaults());
    assertThat(HttpGet.status(http(), "/health")).isEqualTo(200);
    assertThat(HttpGet.status(http(), "/ready")).isEqualTo(200);
  }

  @Test
  void anHttpAddressInUseFailsStartAndLeavesNothingBound() throws Exception {
    int dnsPort = FreePorts.udpAndTcp();
    int httpPort = FreePorts.udpAndTcp();
    try (ServerSocket taken = new ServerSocket(httpPort, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  DnsRuntime.start(
                      CorefileParser.parse(
                          "Corefile",
                          """
              .:%d {
                  bind 127.0.0.1
                  health 127.0.0.1:%d
              }
              """
                              .formatted(dnsPort, httpPort),
                          Map.of()),
                      RuntimeOptions.defaults()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("127.0.0.1:" + httpPort);
    }
    // the DNS port is free again: a server can bind it
    runtime =
        DnsRuntime.start(
            CorefileParser.parse(
                "Corefile", ".:%d {\n bind 127.0.0.1\n}\n".formatted(dnsPort), Map.of()),
            RuntimeOptions.defaults());
    assertThat(runtime.addresses().get(0).port()).isEqualTo(dnsPort);
  }

  @Test
  void aDnsAddressInUseClosesTheHttpEndpointsAgain() throws Exception {
    int dnsPort = FreePorts.udpAndTcp();
    int httpPort = FreePorts.udpAndTcp();
    String corefile =
        ".:%d {\n bind 127.0.0.1\n health 127.0.0.1:%d\n}\n".formatted(dnsPort, httpPort);
    try (ServerSocket taken = new ServerSocket(dnsPort, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  DnsRuntime.start(
                      CorefileParser.parse("Corefile", corefile, Map.of()),
                      RuntimeOptions.defaults()))
          .isInstanceOf(DnsListener.BindException.class);
    }
    assertThatThrownBy(() -> HttpGet.status(FreePorts.loopback(httpPort), "/health"))
        .isInstanceOf(UncheckedIOException.class);
  }
}
