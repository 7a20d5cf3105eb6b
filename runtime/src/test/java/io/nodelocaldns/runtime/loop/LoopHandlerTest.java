package io.nodelocaldns.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.LogCapture;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class LoopHandlerTest {
  private static final InetSocketAddress PROBER = FreePorts.loopback(41000);
  private static final InetSocketAddress FORWARDER = FreePorts.loopback(55953);

  private final List<String> fatal = new CopyOnWriteArrayList<>();
  private final Next next = new Next();
  private final LoopHandler handler = new LoopHandler(".", next, fatal::add);

  @Test
  void probeNamesAreTwoRandomNumbersInTheZone() {
    assertThat(handler.newProbeName()).matches("\\d+\\.\\d+\\.");
    assertThat(new LoopHandler("cluster.local.", next, fatal::add).newProbeName())
        .matches("\\d+\\.\\d+\\.cluster\\.local\\.");
    String first = handler.newProbeName();
    String second = handler.newProbeName();
    assertThat(first.split("\\.")[0]).as("the first label stays").isEqualTo(second.split("\\.")[0]);
    assertThat(first).as("each try asks a new name").isNotEqualTo(second);
  }

  @Test
  void everythingElsePassesOnUncounted() {
    handler.probing(PROBER, ":1053");
    String probe = handler.newProbeName();
    serve(probe, Type.A, FORWARDER, Transport.UDP);
    serve("12.34.", Type.HINFO, FORWARDER, Transport.UDP);
    serve("www.example.", Type.HINFO, FORWARDER, Transport.UDP);
    assertThat(next.calls.get()).isEqualTo(3);
    assertThat(handler.sightings()).isZero();
  }

  @Test
  void theProberRetryingIsOneSightingSoAFailingUpstreamIsNoLoop() {
    handler.probing(PROBER, ":1053");
    for (int i = 0; i < 10; i++) {
      serve(handler.newProbeName(), Type.HINFO, PROBER, Transport.UDP);
    }
    assertThat(handler.sightings()).isEqualTo(1);
    assertThat(fatal).isEmpty();
    assertThat(next.calls.get()).isEqualTo(10);
  }

  @Test
  void theProbeComingBackTwiceIsALoopReportedOnceInCoreDnsWords() {
    handler.probing(PROBER, ":1053");
    String first = handler.newProbeName();
    serve(first, Type.HINFO, PROBER, Transport.UDP);
    serve(first, Type.HINFO, FORWARDER, Transport.UDP); // back once: 2, not yet
    assertThat(fatal).isEmpty();
    String second = handler.newProbeName();
    serve(second, Type.HINFO, PROBER, Transport.UDP);
    DnsResponse stopped;
    try (LogCapture log = LogCapture.of(LoopHandler.class)) {
      stopped = serve(second, Type.HINFO, FORWARDER, Transport.UDP); // back again: 3
      String expected =
          "plugin/loop: Loop (127.0.0.1:55953 -> :1053) detected for zone \".\", see "
              + "https://coredns.io/plugins/loop#troubleshooting. Query: \"HINFO "
              + second
              + "\"";
      assertThat(fatal).containsExactly(expected);
      assertThat(log.lines()).containsExactly("FATAL " + expected);
    }
    assertThat(stopped.rcode()).as("the loop is not fed further").isEqualTo(Rcode.SERVFAIL);
    assertThat(next.calls.get()).isEqualTo(3);
    assertThat(handler.loopDetected()).isTrue();

    serve(second, Type.HINFO, FORWARDER, Transport.UDP);
    assertThat(fatal).as("reported once").hasSize(1);
  }

  @Test
  void aReturnOverTcpFromTheProbersPortNumberStillCounts() {
    handler.probing(PROBER, "127.0.0.1:1053");
    String probe = handler.newProbeName();
    serve(probe, Type.HINFO, PROBER, Transport.UDP);
    serve(probe, Type.HINFO, PROBER, Transport.TCP);
    serve(probe, Type.HINFO, PROBER, Transport.TCP);
    assertThat(fatal).singleElement().asString().contains("(127.0.0.1:41000 -> 127.0.0.1:1053)");
  }

  @Test
  void lettersOfTheZoneMayComeBackInAnyCase() {
    LoopHandler cluster = new LoopHandler("cluster.local.", next, fatal::add);
    cluster.probing(PROBER, ":53");
    String probe = cluster.newProbeName();
    DnsHandler chain = cluster;
    for (InetSocketAddress from : List.of(PROBER, FORWARDER, FORWARDER)) {
      chain.serve(request(probe.replace("cluster", "ClUsTeR"), Type.HINFO, from, Transport.UDP));
    }
    assertThat(fatal).hasSize(1);
  }

  @Test
  void aDisabledHandlerPassesEverythingOn() {
    handler.probing(PROBER, ":1053");
    String probe = handler.newProbeName();
    handler.disable();
    for (int i = 0; i < 5; i++) {
      serve(probe, Type.HINFO, FORWARDER, Transport.UDP);
    }
    assertThat(fatal).isEmpty();
    assertThat(handler.sightings()).isZero();
    assertThat(next.calls.get()).isEqualTo(5);
  }

  private DnsResponse serve(String name, int type, InetSocketAddress from, Transport transport) {
    return handler.serve(request(name, type, from, transport)).toCompletableFuture().join();
  }

  private static Request request(
      String name, int type, InetSocketAddress from, Transport transport) {
    return new Request(
        TestQueries.query(name, type), transport, from, TestQueries.SERVER, System.nanoTime());
  }

  /** The rest of the chain: counts calls, answers NXDOMAIN. */
  private static final class Next implements DnsHandler {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String name() {
      return "next";
    }

    @Override
    public CompletionStage<DnsResponse> serve(Request request) {
      calls.incrementAndGet();
      byte[] wire = Responses.error(request.query(), Rcode.NXDOMAIN);
      assertThat(DnsFlags.rcode(wire)).isEqualTo(Rcode.NXDOMAIN);
      return CompletableFuture.completedFuture(new DnsResponse(wire));
    }
  }
}
