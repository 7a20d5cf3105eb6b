package io.nodelocaldns.runtime.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.upstream.Upstream;
import io.nodelocaldns.runtime.wire.Rcode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Down upstreams are passed over, probed, and used again once they answer. */
class ForwardHealthTest extends ForwardTestSupport {
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final Duration GENEROUS = Duration.ofSeconds(15);

  @Test
  void downUpstreamIsPassedOverThenUsedAgainOnceAHealthCheckSucceeds() {
    int port = FreePorts.udpAndTcp();
    try (UnboundServer backup = UnboundServer.start("a.test. 30 IN A 10.0.0.2")) {
      ForwardHandler forward =
          handler(
              TestConfig.forwardTo(FreePorts.loopback(port), backup.address())
                  .healthCheck(INTERVAL));
      Upstream primary = forward.upstreams().getFirst();

      assertThat(addresses(serve(forward, "a.test.", Type.A))).containsExactly("10.0.0.2");
      await().atMost(GENEROUS).until(primary::isDown);
      long failedQueries = events.count("failed 127.0.0.1:" + port);

      assertThat(addresses(serve(forward, "a.test.", Type.A))).containsExactly("10.0.0.2");
      assertThat(events.count("failed 127.0.0.1:" + port))
          .as("the down upstream was not asked")
          .isEqualTo(failedQueries);

      try (UnboundServer revived =
          UnboundServer.builder().port(port).localData("a.test. 30 IN A 10.0.0.1").start()) {
        await().atMost(GENEROUS).until(() -> !primary.isDown());

        assertThat(addresses(serve(forward, "a.test.", Type.A))).containsExactly("10.0.0.1");
        assertThat(revived.stats()).containsEntry("num.query.type.A", 1L);
      }
    }
  }

  @Test
  void whenEveryUpstreamIsDownTheyAreStillTried() {
    int first = FreePorts.udpAndTcp();
    int second = FreePorts.udpAndTcp();
    // probes far apart, so both stay down while the test runs
    ForwardHandler forward =
        handler(
            TestConfig.forwardTo(FreePorts.loopback(first), FreePorts.loopback(second))
                .maxFails(1)
                .healthCheck(Duration.ofMinutes(10)));

    assertThat(serve(forward, "a.test.", Type.A).rcode()).isEqualTo(Rcode.SERVFAIL);
    await().atMost(GENEROUS).until(() -> forward.upstreams().stream().allMatch(Upstream::isDown));

    try (UnboundServer revived =
        UnboundServer.builder().port(second).localData("a.test. 30 IN A 10.0.0.1").start()) {
      assertThat(addresses(serve(forward, "a.test.", Type.A))).containsExactly("10.0.0.1");
      assertThat(revived.stats()).containsEntry("num.query.type.A", 1L);
      assertThat(events.events()).contains("all down");
    }
  }
}
