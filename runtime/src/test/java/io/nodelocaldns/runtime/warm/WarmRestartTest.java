package io.nodelocaldns.runtime.warm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.DnsRuntime;
import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.LogCapture;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.MutableClock;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Two runtimes on one port and one state directory, in front of a real unbound that counts what it
 * is asked: the second starts with the first one's cache (from the running one, or from the
 * snapshot it left), with the seconds each answer had left, never more.
 */
class WarmRestartTest {
  private static final int NAMES = 50;

  private static UnboundServer upstream;
  @TempDir Path state;
  private final MutableClock clock = MutableClock.create();
  private final List<DnsRuntime> runtimes = new ArrayList<>();
  private int port;
  private int metricsPort;

  @BeforeAll
  static void startUpstream() {
    UnboundServer.assumeInstalled();
    List<String> data = new ArrayList<>();
    for (int i = 0; i < NAMES; i++) {
      data.add("svc" + i + ".default.svc.cluster.local. 300 IN A 10.96.1." + i);
    }
    data.add("short.default.svc.cluster.local. 20 IN A 10.96.2.1");
    upstream = UnboundServer.builder().localZone("cluster.local.").localData(data).start();
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @BeforeEach
  void ports() {
    upstream.resetStatistics();
    port = FreePorts.udpAndTcp();
    metricsPort = FreePorts.udpAndTcp();
  }

  @AfterEach
  void stop() {
    runtimes.forEach(DnsRuntime::close);
  }

  private DnsRuntime start() {
    return start(30);
  }

  private DnsRuntime start(int cacheTtl) {
    String corefile =
        """
        cluster.local:%d {
            bind 127.0.0.1
            cache %d
            forward . 127.0.0.1:%d
            prometheus 127.0.0.1:%d
        }
        """
            .formatted(port, cacheTtl, upstream.port(), metricsPort);
    DnsRuntime runtime =
        DnsRuntime.start(
            CorefileParser.parse("Corefile", corefile, Map.of()),
            RuntimeOptions.defaults().withClock(clock).withStateDirectory(state));
    runtimes.add(runtime);
    return runtime;
  }

  private Message ask(String name) throws Exception {
    return DnsClient.udp(new InetSocketAddress("127.0.0.1", port)).query(name, Type.A);
  }

  private void askAll() throws Exception {
    for (int i = 0; i < NAMES; i++) {
      assertThat(ask("svc" + i + ".default.svc.cluster.local.").getSection(Section.ANSWER))
          .singleElement()
          .satisfies(r -> assertThat(r.rdataToString()).startsWith("10.96.1."));
    }
  }

  private double restored(String source) {
    return MetricsScrape.fetch(new InetSocketAddress("127.0.0.1", metricsPort))
        .sum("nodelocaldns_warm_restored_entries_total", Map.of("source", source));
  }

  @Test
  void aSuccessorStartedNextToTheRunningOneGetsItsCacheWithTheTimeLeft() throws Exception {
    DnsRuntime first = start();
    askAll();
    assertThat(upstream.queries()).isEqualTo(NAMES);

    clock.advance(Duration.ofSeconds(12));
    start(); // the successor: asks the first over the hand-over socket
    first.close();
    runtimes.remove(first);

    askAll();
    assertThat(upstream.queries())
        .as("every answer came from the handed-over cache")
        .isEqualTo(NAMES);
    Record answer = ask("svc7.default.svc.cluster.local.").getSection(Section.ANSWER).get(0);
    assertThat(answer.getTTL()).as("30 s capped, 12 s gone: never extended").isEqualTo(18);
    assertThat(restored("handover")).isEqualTo(NAMES);
  }

  @Test
  void afterAStopTheNextStartLoadsTheSnapshotAndDropsWhatExpired() throws Exception {
    start();
    askAll();
    ask("short.default.svc.cluster.local.");
    runtimes.removeFirst().close(); // writes the last snapshot
    assertThat(state.resolve(SnapshotFile.NAME)).exists();

    clock.advance(Duration.ofSeconds(25)); // the 20 s answer expired meanwhile
    start();

    askAll();
    assertThat(upstream.queries()).as("the 50 came from the snapshot").isEqualTo(NAMES + 1);
    ask("short.default.svc.cluster.local.");
    assertThat(upstream.queries()).as("the expired one was asked again").isEqualTo(NAMES + 2);
    assertThat(restored("snapshot")).isEqualTo(NAMES);
  }

  @Test
  void aDamagedSnapshotIsSkippedWithALogLineAndAMetricAndTheCacheStartsEmpty() throws Exception {
    start();
    askAll();
    runtimes.removeFirst().close();
    Path file = state.resolve(SnapshotFile.NAME);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(file, bytes);
    upstream.resetStatistics();

    try (LogCapture log = LogCapture.of(WarmRestart.class)) {
      start();
      assertThat(log.lines())
          .anyMatch(line -> line.contains("skipped") && line.contains("corrupt"));
    }

    askAll();
    assertThat(upstream.queries())
        .as("nothing was restored, nothing wrong served")
        .isEqualTo(NAMES);
    assertThat(
            MetricsScrape.fetch(new InetSocketAddress("127.0.0.1", metricsPort))
                .sum("nodelocaldns_warm_snapshots_rejected_total", Map.of("reason", "corrupt")))
        .isEqualTo(1);
  }

  @Test
  void aBlockConfiguredDifferentlyStartsEmptyAsAReloadWouldStartIt() throws Exception {
    DnsRuntime first = start();
    askAll();

    start(20); // its cache block changed: the predecessor's answers are not its own
    first.close();
    runtimes.remove(first);

    askAll();
    assertThat(upstream.queries()).isEqualTo(2 * NAMES);
    assertThat(restored("handover")).isZero();
  }
}
