package io.nodelocaldns.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  private final Readiness readiness = new Readiness();

  @Test
  void notReadyUntilStartedThenReadyUntilShutdown() {
    assertThat(readiness.readyReply().status()).isEqualTo(503);
    assertThat(body(readiness.readyReply())).isEqualTo("Starting");

    readiness.ready();
    assertThat(readiness.readyReply().status()).isEqualTo(200);
    assertThat(body(readiness.readyReply())).isEqualTo("OK");

    readiness.shuttingDown();
    assertThat(readiness.readyReply().status()).isEqualTo(503);
    assertThat(body(readiness.readyReply())).isEqualTo("Shutting down");
  }

  @Test
  void neverReadyAgainOnceShuttingDown() {
    readiness.shuttingDown();
    readiness.ready();
    assertThat(readiness.state()).isEqualTo(Readiness.State.SHUTTING_DOWN);
  }

  @Test
  void healthIsOkInEveryState() {
    assertThat(readiness.healthReply().status()).isEqualTo(200);
    readiness.ready();
    assertThat(readiness.healthReply().status()).isEqualTo(200);
    readiness.shuttingDown();
    assertThat(readiness.healthReply().status()).as("lameduck: alive, not ready").isEqualTo(200);
    assertThat(body(readiness.healthReply())).isEqualTo("OK");
  }

  private static String body(HttpEndpoints.Reply reply) {
    return new String(reply.body(), StandardCharsets.UTF_8);
  }
}
