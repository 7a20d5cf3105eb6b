package io.nodelocaldns.runtime.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.RuntimeJarProcess;
import io.nodelocaldns.runtime.testing.UdpFlood;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What any pod can send, and any domain's servers can answer, against the packaged runtime under
 * the JVM flags nodes run with (jvm.options: a 48 MiB heap): answers of 63 KB for every name of a
 * domain, a query that advertises a 65,000-byte buffer, and a flood of misses to an upstream that
 * never answers. The process survives, stays within the chart's memory limit (192 MiB) and a
 * bounded number of open files, and keeps answering during and after.
 */
class HostileTrafficIT {
  /** The chart's memory limit (charts/node-local-dns/values.yaml). */
  private static final long CHART_MEMORY_LIMIT = 192L << 20;

  private static final Duration GENEROUS = Duration.ofSeconds(60);

  /** 240 TXT records of 250 bytes: a 63 KB answer, over TCP only. */
  private static final List<String> HUGE_TXT =
      IntStream.range(0, 240)
          .mapToObj(i -> "big.test. 30 IN TXT \"%03d%s\"".formatted(i, "x".repeat(247)))
          .toList();

  @TempDir Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();

  @BeforeEach
  void tools() {
    UnboundServer.assumeInstalled();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  @Test
  void aDomainAnswering63KbForEveryNameCannotExhaustTheCache() throws Exception {
    UnboundServer hostile =
        keep(
            UnboundServer.builder()
                .serverOption("local-zone: \"big.test.\" redirect")
                .localData(HUGE_TXT)
                .localData("a.test. 30 IN A 10.0.0.1")
                .start());
    Runtime runtime = start(hostile.port());

    // every name is new, so each is a miss: TC over UDP, then 63 KB over TCP from the upstream
    UdpFlood.Result flood =
        UdpFlood.send(runtime.dns(), names("n", 2000, "big.test."), Type.TXT, 20, GENEROUS);

    assertThat(runtime.process().isAlive()).as(runtime.process().output()).isTrue();
    System.out.printf(
        "hostile/63KB answers: %d queries, %s, RSS %d MiB%n",
        flood.sent(), flood.rcodes(), runtime.process().residentBytes() >> 20);
    assertThat(flood.count(Rcode.NOERROR)).isEqualTo(flood.sent());
    assertThat(runtime.process().residentBytes()).isLessThan(CHART_MEMORY_LIMIT);
    assertThat(runtime.metric("nodelocaldns_cache_too_large_total")).isPositive();
    assertThat(runtime.metric("nodelocaldns_cache_memory_bytes"))
        .isLessThanOrEqualTo(runtime.metric("nodelocaldns_cache_memory_budget_bytes"));
    assertThat(DnsClient.udp(runtime.dns()).query("a.test.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aQueryAdvertising65000BytesGetsAtMost1232OverUdp() throws Exception {
    UnboundServer upstream =
        keep(UnboundServer.builder().localData(HUGE_TXT.subList(0, 8)).start());
    Runtime runtime = start(upstream.port());
    // a 2 KB answer, cached by a TCP client's query
    assertThat(DnsClient.tcp(runtime.dns()).query("big.test.", Type.TXT).toWire().length)
        .isGreaterThan(2000);
    Message query = Message.newQuery(Record.newRecord(Name.fromString("big.test."), Type.TXT, 1));
    query.addRecord(new OPTRecord(65000, 0, 0), Section.ADDITIONAL);
    byte[] wire = query.toWire();

    byte[] answer;
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout((int) GENEROUS.toMillis());
      socket.send(new DatagramPacket(wire, wire.length, runtime.dns()));
      DatagramPacket reply = new DatagramPacket(new byte[0xFFFF], 0xFFFF);
      socket.receive(reply);
      answer = Arrays.copyOf(reply.getData(), reply.getLength());
    }

    System.out.printf(
        "hostile/amplification: a %d-byte query advertising 65000 got %d bytes%n",
        wire.length, answer.length);
    assertThat(answer.length).isLessThanOrEqualTo(1232);
    assertThat(new Message(answer).getHeader().getFlag(Flags.TC)).isTrue();
  }

  @Test
  void aFloodOfMissesToAnUpstreamThatNeverAnswersHoldsBoundedSockets() throws Exception {
    UnboundServer good = keep(UnboundServer.start("a.test. 30 IN A 10.0.0.1"));
    // an upstream that takes every packet and never answers: a socket nobody reads
    DatagramSocket blackHole = keep(new DatagramSocket(0, FreePorts.loopback(0).getAddress()));
    int port = FreePorts.udpAndTcp();
    int metrics = FreePorts.udpAndTcp();
    Runtime runtime =
        startCorefile(
            port,
            metrics,
            """
            test:%1$d {
                bind 127.0.0.1
                forward . 127.0.0.1:%2$d
            }
            .:%1$d {
                bind 127.0.0.1
                errors
                cache 30
                forward . 127.0.0.1:%3$d
                prometheus 127.0.0.1:%4$d
            }
            """
                .formatted(port, good.port(), blackHole.getLocalPort(), metrics));

    AtomicLong mostOpenFiles = new AtomicLong();
    AtomicBoolean flooding = new AtomicBoolean(true);
    Thread sampler =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (flooding.get()) {
                    mostOpenFiles.accumulateAndGet(runtime.process().openFiles(), Math::max);
                    Thread.onSpinWait();
                  }
                });
    UdpFlood.Result flood;
    try {
      flood = UdpFlood.send(runtime.dns(), names("m", 20_000, "flood."), 0, GENEROUS);
    } finally {
      flooding.set(false);
      sampler.join();
    }

    System.out.printf(
        "hostile/black-hole upstream: %d misses at once, %s, %d lost; at most %d open files%n",
        flood.sent(), flood.rcodes(), flood.lost(), mostOpenFiles.get());
    assertThat(runtime.process().isAlive()).isTrue();
    assertThat(mostOpenFiles.get()).isLessThan(1500);
    assertThat(runtime.metric("coredns_forward_max_concurrent_rejects_total")).isPositive();
    assertThat(flood.count(Rcode.REFUSED)).isPositive();
    assertThat(DnsClient.udp(runtime.dns()).query("a.test.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  /** The runtime and where it serves DNS and metrics. */
  private record Runtime(RuntimeJarProcess process, int port, int metricsPort) {
    InetSocketAddress dns() {
      return FreePorts.loopback(port);
    }

    double metric(String name) {
      return MetricsScrape.fetch(FreePorts.loopback(metricsPort)).find(name, Map.of()).orElse(0.0);
    }
  }

  /** As the upstream manifest's external block: errors, cache, forward, prometheus. */
  private Runtime start(int upstreamPort) throws IOException {
    int port = FreePorts.udpAndTcp();
    int metrics = FreePorts.udpAndTcp();
    return startCorefile(
        port,
        metrics,
        """
        .:%d {
            bind 127.0.0.1
            errors
            cache 30
            forward . 127.0.0.1:%d
            prometheus 127.0.0.1:%d
        }
        """
            .formatted(port, upstreamPort, metrics));
  }

  private Runtime startCorefile(int port, int metrics, String corefile) throws IOException {
    Path file = Files.writeString(dir.resolve("Corefile"), corefile);
    RuntimeJarProcess process =
        keep(RuntimeJarProcess.start(dir.resolve("runtime.log"), "-conf", file.toString()));
    Runtime runtime = new Runtime(process, port, metrics);
    await()
        .atMost(GENEROUS)
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("the runtime exited: " + process.output());
              }
              // the HTTP endpoints start first; the DNS listeners bind UDP, then TCP
              try (Socket tcp = new Socket()) {
                tcp.connect(runtime.dns(), 1000);
                MetricsScrape.fetch(FreePorts.loopback(metrics));
                return true;
              } catch (IOException | RuntimeException notYet) {
                return false;
              }
            });
    return runtime;
  }

  private static List<String> names(String prefix, int count, String zone) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i + "." + zone).toList();
  }

  private <T extends AutoCloseable> T keep(T resource) {
    started.add(resource);
    return resource;
  }
}
