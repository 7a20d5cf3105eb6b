package io.nodelocaldns.runtime.upstream;

import static io.nodelocaldns.runtime.upstream.UdpSocketPoolTest.upstreamQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.RecordingUpstreamListener;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class UpstreamHealthTest {
  private static final Duration GENEROUS = Duration.ofSeconds(10);
  private static final Duration INTERVAL = Duration.ofMillis(100);

  /** Several probe intervals: long enough to see probes that should not be there. */
  private static final Duration QUIET_PERIOD = Duration.ofMillis(600);

  private static EventLoopGroup group;
  private static UpstreamClient client;

  @BeforeAll
  static void startLoops() {
    group = NettyTransport.best().newGroup(2, "upstream-health-test");
    client = new UpstreamClient(group, NettyTransport.best());
  }

  @AfterAll
  static void stopLoops() throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void healthyUpstreamIsNeverProbed() throws Exception {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1");
        Upstream upstream =
            new Upstream(
                unbound.address(), client, settings(2, Transport.UDP), UpstreamListener.NONE)) {
      upstream.exchange(upstreamQuery("a.test.", Type.A), Transport.UDP, GENEROUS).get();
      Thread.sleep(QUIET_PERIOD.toMillis());

      assertThat(upstream.isProbing()).isFalse();
      assertThat(unbound.queries()).isEqualTo(1);
    }
  }

  @Test
  void failedUpstreamIsProbedUntilItAnswersThenProbingStops() throws Exception {
    int port = FreePorts.udpAndTcp();
    RecordingUpstreamListener events = new RecordingUpstreamListener();
    try (Upstream upstream =
        new Upstream(FreePorts.loopback(port), client, settings(2, Transport.UDP), events)) {
      failOnce(upstream, Transport.UDP);
      await().atMost(GENEROUS).until(upstream::isDown);
      assertThat(upstream.isProbing()).isTrue();

      try (UnboundServer unbound = UnboundServer.builder().port(port).start()) {
        await().atMost(GENEROUS).until(() -> !upstream.isDown() && !upstream.isProbing());
        long probes = unbound.queries();
        Thread.sleep(QUIET_PERIOD.toMillis());

        assertThat(probes).isPositive();
        assertThat(unbound.queries()).isEqualTo(probes);
        assertThat(unbound.stats()).containsEntry("num.query.type.NS", probes);
        assertThat(upstream.fails()).isZero();
      }
    }
    String label = "127.0.0.1:" + port;
    assertThat(events.events()).contains("down " + label, "up " + label);
    assertThat(events.count("healthcheck failed " + label)).isPositive();
  }

  @Test
  void probesGoOverTcpUnderForceTcp() throws Exception {
    int port = FreePorts.udpAndTcp();
    try (Upstream upstream =
        new Upstream(
            FreePorts.loopback(port), client, settings(1, Transport.TCP), UpstreamListener.NONE)) {
      failOnce(upstream, Transport.TCP);
      await().atMost(GENEROUS).until(upstream::isDown);

      try (UnboundServer unbound = UnboundServer.builder().port(port).start()) {
        await().atMost(GENEROUS).until(() -> !upstream.isDown() && !upstream.isProbing());

        assertThat(unbound.queries()).isPositive();
        assertThat(unbound.tcpQueries()).isEqualTo(unbound.queries());
      }
    }
  }

  @Test
  void maxFailsZeroNeverMarksDownNorProbes() {
    InetSocketAddress nobody = FreePorts.loopback(FreePorts.udpAndTcp());
    try (Upstream upstream =
        new Upstream(nobody, client, settings(0, Transport.UDP), UpstreamListener.NONE)) {
      for (int i = 0; i < 3; i++) {
        failOnce(upstream, Transport.UDP);
      }

      assertThat(upstream.isDown()).isFalse();
      assertThat(upstream.isProbing()).isFalse();
    }
  }

  private static void failOnce(Upstream upstream, Transport transport) {
    Throwable failure =
        catchThrowable(
            () -> upstream.exchange(upstreamQuery("a.test.", Type.A), transport, GENEROUS).get());
    assertThat(UpstreamException.unwrap(failure)).isInstanceOf(UpstreamException.class);
  }

  private static Upstream.Settings settings(int maxFails, Transport probes) {
    return new Upstream.Settings(
        Duration.ofSeconds(10),
        maxFails,
        INTERVAL,
        probes,
        Duration.ofMillis(500),
        UpstreamQuery.probe());
  }
}
