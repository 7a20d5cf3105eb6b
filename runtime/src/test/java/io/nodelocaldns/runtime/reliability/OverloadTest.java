package io.nodelocaldns.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.MetricsRuntime;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.MutableClock;
import io.nodelocaldns.runtime.testing.SlowUpstream;
import io.nodelocaldns.runtime.testing.UdpFlood;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Floods of distinct names, the traffic a cache cannot absorb: more names than the cache holds,
 * then more misses at once than {@code max_concurrent} lets through to a slow upstream. What is
 * held stays bounded (cache entries by capacity, upstream queries in flight by max_concurrent), the
 * excess is refused and counted, every query still gets an answer, and cached names keep being
 * answered from the cache throughout.
 */
class OverloadTest {
  private static final int CAPACITY = 1000;
  private static final int MAX_CONCURRENT = 50;
  private static final Duration SLOW = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final MutableClock clock = MutableClock.create();
  private SlowUpstream upstream;
  private MetricsRuntime runtime;

  @BeforeEach
  void start() {
    // names under slow. wait a second for their answer; the rest are answered at once
    upstream =
        SlowUpstream.start(
            query ->
                query.getQuestion().getName().toString().endsWith(".slow.test.")
                    ? SLOW
                    : Duration.ZERO);
    runtime =
        MetricsRuntime.start(
            """
            .:0 {
                bind 127.0.0.1
                cache 30 {
                    success %d
                    denial %d
                }
                forward . 127.0.0.1:%d {
                    max_concurrent %d
                }
                prometheus 127.0.0.1:0
            }
            """
                .formatted(CAPACITY, CAPACITY, upstream.address().getPort(), MAX_CONCURRENT),
            clock);
  }

  @AfterEach
  void stop() throws InterruptedException {
    runtime.close();
    upstream.close();
  }

  @Test
  void moreNamesThanTheCacheHoldsKeepItAtCapacity() {
    UdpFlood.Result fill =
        UdpFlood.send(runtime.dns(), names("fill", 3 * CAPACITY), MAX_CONCURRENT / 2, WAIT);

    assertThat(fill.lost()).isZero();
    assertThat(fill.count(Rcode.NOERROR)).isEqualTo(3 * CAPACITY);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(metric("coredns_cache_evictions_total")).isGreaterThan(CAPACITY));
    double entries =
        runtime
            .scrape()
            .samples("coredns_cache_entries", Map.of("type", "success"))
            .getFirst()
            .number();
    System.out.printf(
        "overload/cache: %d distinct names, capacity %d: %.0f entries held, %.0f evictions%n",
        fill.sent(), CAPACITY, entries, metric("coredns_cache_evictions_total"));
    assertThat(entries).isPositive().isLessThanOrEqualTo(CAPACITY);
  }

  @Test
  void moreMissesThanMaxConcurrentAreRefusedAndCountedWhileHitsAreServed() throws Exception {
    DnsClient client = DnsClient.udp(runtime.dns());
    assertThat(client.query("hot.test.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);

    HitLoop hits = HitLoop.start(client, "hot.test.");
    UdpFlood.Result flood;
    try {
      // 500 unanswered at a time: ten times max_concurrent, yet within the sockets' buffers
      flood = UdpFlood.send(runtime.dns(), names("x", 5000, "slow.test."), 500, WAIT);
    } finally {
      hits.stop();
    }
    MetricsScrape scrape = runtime.scrape();
    double rejects =
        scrape.find("coredns_forward_max_concurrent_rejects_total", Map.of()).orElseThrow();
    System.out.printf(
        "overload/max_concurrent %d, upstream answering after %d ms: %d distinct misses, 500 at a"
            + " time: %s, lost %d; upstream held at most %d at once; %.0f rejects counted;"
            + " %d cache hits during the flood, %d not NOERROR%n",
        MAX_CONCURRENT,
        SLOW.toMillis(),
        flood.sent(),
        flood.rcodes(),
        flood.lost(),
        upstream.maxOutstanding(),
        rejects,
        hits.answered(),
        hits.failures());

    assertThat(flood.lost()).as("queries without an answer").isZero();
    assertThat(flood.count(Rcode.REFUSED)).as("refused by max_concurrent").isPositive();
    assertThat(flood.count(Rcode.NOERROR)).isPositive();
    assertThat(flood.count(Rcode.NOERROR) + flood.count(Rcode.REFUSED)).isEqualTo(flood.sent());
    assertThat(upstream.maxOutstanding()).isLessThanOrEqualTo(MAX_CONCURRENT);
    assertThat(rejects).isEqualTo(flood.count(Rcode.REFUSED));
    assertThat(
            scrape.samples("coredns_dns_responses_total", Map.of("rcode", "REFUSED")).stream()
                .mapToDouble(MetricsScrape.Sample::number)
                .sum())
        .isEqualTo(flood.count(Rcode.REFUSED));

    assertThat(hits.answered()).as("cache hits answered during the flood").isPositive();
    assertThat(hits.failures()).as("cache hits not answered NOERROR").isZero();

    // every slot came back: a new miss goes upstream again instead of being refused
    assertThat(client.query("after.slow.test.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
  }

  private double metric(String name) {
    return runtime.scrape().samples(name).stream().mapToDouble(MetricsScrape.Sample::number).sum();
  }

  private static List<String> names(String prefix, int count) {
    return names(prefix, count, "test.");
  }

  private static List<String> names(String prefix, int count, String zone) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i + "." + zone).toList();
  }

  /** Queries one cached name in a loop on its own thread until stopped. */
  private static final class HitLoop {
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<Boolean> running = new AtomicReference<>(true);
    private Thread thread;

    static HitLoop start(DnsClient client, String name) {
      HitLoop loop = new HitLoop();
      loop.thread =
          Thread.ofPlatform()
              .daemon()
              .name("hits")
              .start(
                  () -> {
                    while (loop.running.get()) {
                      try {
                        Message answer = client.query(name, Type.A);
                        (answer.getRcode() == Rcode.NOERROR ? loop.answered : loop.failures)
                            .incrementAndGet();
                      } catch (Exception e) {
                        loop.failures.incrementAndGet();
                      }
                    }
                  });
      return loop;
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(DnsClient.DEFAULT_TIMEOUT.toMillis() * 2);
    }

    int answered() {
      return answered.get();
    }

    int failures() {
      return failures.get();
    }
  }
}
