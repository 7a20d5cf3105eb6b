package io.nodelocaldns.runtime.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.FakeUpstream;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Which queries the handler takes ({@code from}, {@code except}) and how many at once. */
class ForwardRoutingTest extends ForwardTestSupport {
  private static final Duration SHORT_ATTEMPT = Duration.ofMillis(300);

  private final RecordingNext next = new RecordingNext();

  @Test
  void namesInAnExceptZoneGoToTheNextHandler() {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward =
          handler(
              TestConfig.forwardTo(unbound.address()).except("cluster.local."), context(), next);

      assertThat(serve(forward, "x.Cluster.Local.", Type.A).rcode()).isEqualTo(Rcode.NOTIMP);
      assertThat(serve(forward, "cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NOTIMP);
      assertThat(serve(forward, "a.test.", Type.A).rcode()).isEqualTo(Rcode.NOERROR);

      assertThat(next.names).containsExactly("x.Cluster.Local.", "cluster.local.");
      assertThat(unbound.queries()).isEqualTo(1);
    }
  }

  @Test
  void namesOutsideFromGoToTheNextHandler() {
    try (UnboundServer unbound = UnboundServer.builder().localZone("cluster.local.").start()) {
      ForwardHandler forward =
          handler(TestConfig.forwardTo(unbound.address()).from("cluster.local."), context(), next);

      assertThat(serve(forward, "example.com.", Type.A).rcode()).isEqualTo(Rcode.NOTIMP);
      assertThat(serve(forward, "notcluster.local.", Type.A).rcode()).isEqualTo(Rcode.NOTIMP);
      assertThat(serve(forward, "x.cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);

      assertThat(next.names).containsExactly("example.com.", "notcluster.local.");
    }
  }

  @Test
  void queriesBeyondMaxConcurrentAreRefusedAtOnce() {
    try (FakeUpstream silent = FakeUpstream.silent()) {
      ForwardContext shortDeadlines =
          context()
              .withTimeouts(
                  new ForwardTimeouts(
                      SHORT_ATTEMPT, SHORT_ATTEMPT, ForwardTimeouts.DEFAULT_HEALTH_CHECK));
      ForwardHandler forward =
          handler(TestConfig.forwardTo(silent.address()).maxConcurrent(3), shortDeadlines, next);
      List<CompletionStage<DnsResponse>> waiting =
          List.of(start(forward, "a.test."), start(forward, "b.test."), start(forward, "c.test."));

      CompletionStage<DnsResponse> excess = start(forward, "d.test.");

      // refused without waiting for anything: the stage is complete when serve returns
      assertThat(excess.toCompletableFuture()).isDone();
      DnsResponse refused = answerOf(excess);
      assertThat(refused.rcode()).isEqualTo(Rcode.REFUSED);
      assertThat(refused.failure())
          .isEqualTo("forward: max_concurrent 3 queries already in flight");
      assertThat(events.count("max_concurrent")).isEqualTo(1);

      waiting.forEach(stage -> assertThat(answerOf(stage).rcode()).isEqualTo(Rcode.SERVFAIL));
      assertThat(forward.inFlight()).isZero();
      assertThat(serve(forward, "e.test.", Type.A).rcode()).isEqualTo(Rcode.SERVFAIL);
    }
  }

  private static CompletionStage<DnsResponse> start(ForwardHandler forward, String name) {
    return forward.serve(TestQueries.request(TestQueries.query(name, Type.A), Transport.UDP));
  }

  /** The rest of the chain: records the names it was asked and answers NOTIMP, recognisably. */
  private static final class RecordingNext implements DnsHandler {
    final List<String> names = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public CompletionStage<DnsResponse> serve(Request request) {
      names.add(request.query().name());
      return CompletableFuture.completedFuture(
          new DnsResponse(Responses.error(request.query(), Rcode.NOTIMP)));
    }
  }
}
