package io.nodelocaldns.bench;

import java.util.Optional;

import java.util.List;

import io.nodelocaldns.runtime.prometheus.PrometheusConfig;

import io.nodelocaldns.runtime.prometheus.PrometheusPlugin;

import io.nodelocaldns.runtime.plugin.SharedResources;

import io.nodelocaldns.runtime.plugin.ChainContext;

import io.nodelocaldns.runtime.metrics.ServerLabels;

import io.nodelocaldns.runtime.cache.CachePlugin;

import io.nodelocaldns.runtime.cache.CacheConfig;
import io.nodelocaldns.runtime.cache.CacheEvents;
import io.nodelocaldns.runtime.cache.CacheHandler;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.cache.CacheMetrics;
import io.nodelocaldns.runtime.prometheus.RuntimeMetrics;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A cache hit end to end through {@link CacheHandler#serve}: zone check, key, Ehcache lookup,
 * freshness, rendering for this client (its ID, its spelling, EDNS) and the completed stage. {@code
 * plain} reports to no one; {@code metrics} is the chain {@code prometheus} + {@code cache} builds
 * in production: the request, response and cache-hit series of {@link RuntimeMetrics}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CacheHitBenchmark {
  private static final String COREFILE =
      """
      cluster.local:53 {
          cache 30
          prometheus :9253
      }
      """;

  @Param({"plain", "metrics"})
  public String events;

  /**
   * How the client spells the name: {@code lower} as glibc and musl send it, {@code mixed} as a
   * 0x20-randomising resolver does (the cache keys on the lower-cased name).
   */
  @Param({"lower", "mixed"})
  public String spelling;

  private CacheHandler cache;
  private RuntimeMetrics metrics;
  private DnsHandler chain;
  private Request hit;
  private final AtomicInteger upstreamCalls = new AtomicInteger();

  @Setup
  public void setUp() {
    ServerConfig block = CorefileParser.parse("bench", COREFILE, Map.of()).servers().get(0);
    CacheConfig config = block.get(CacheConfig.class).orElseThrow();
    // a stopped clock: the warmed entry stays fresh for the whole run
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    DnsHandler upstream = new Upstream(upstreamCalls);
    if (events.equals("metrics")) {
      metrics = RuntimeMetrics.create();
      CacheMetrics cacheMetrics =
          new CacheMetrics(metrics.registry(), ServerLabels.of(List.of()), config.zones());
      cache = new CacheHandler(config, upstream, clock, Runnable::run, cacheMetrics);
      ChainContext context =
          new ChainContext(
              block,
              clock,
              message -> {},
              null,
              null,
              Optional.of(metrics.registry()),
              new SharedResources());
      chain =
          new PrometheusPlugin()
              .handler(block.get(PrometheusConfig.class).orElseThrow(), context)
              .orElseThrow()
              .create(cache);
    } else {
      cache = new CacheHandler(config, upstream, clock, Runnable::run, CacheEvents.NONE);
      chain = cache;
    }
    // warm: the first question goes upstream and is stored
    serve(Messages.request(Messages.decode(Messages.query(Messages.NAME, 0x1111, false))));
    String name = spelling.equals("mixed") ? Messages.MIXED_CASE_NAME : Messages.NAME;
    hit = Messages.request(Messages.decode(Messages.query(name, 0x2222, true)));
    DnsResponse answer = serve(hit);
    if (upstreamCalls.get() != 1 || !answer.plugin().equals(CachePlugin.NAME)) {
      throw new IllegalStateException("the benchmark's request is not a cache hit");
    }
  }

  @TearDown
  public void tearDown() {
    cache.close();
    if (metrics != null) {
      metrics.close();
    }
  }

  @Benchmark
  public void serveHit(Blackhole blackhole) {
    blackhole.consume(serve(hit));
  }

  private DnsResponse serve(Request request) {
    DnsResponse response = chain.serve(request).toCompletableFuture().getNow(null);
    if (response == null) {
      throw new IllegalStateException("the stage of a cache hit is not complete");
    }
    return response;
  }

  /** Answers a miss with one A record, as a forwarder would; counts the calls. */
  private static final class Upstream implements DnsHandler {
    private final AtomicInteger calls;

    Upstream(AtomicInteger calls) {
      this.calls = calls;
    }

    @Override
    public String name() {
      return "upstream";
    }

    @Override
    public CompletionStage<DnsResponse> serve(Request request) {
      calls.incrementAndGet();
      byte[] answer = Messages.answer(request.query().wire(), 1, request.query().hasEdns());
      return CompletableFuture.completedFuture(new DnsResponse(answer));
    }
  }
}
