package io.nodelocaldns.bench;

import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.plugin.SharedResources;
import io.nodelocaldns.runtime.prometheus.PrometheusConfig;
import io.nodelocaldns.runtime.prometheus.PrometheusPlugin;
import io.nodelocaldns.runtime.prometheus.RuntimeMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the {@code prometheus} directive adds to an answered query: its handler around a next
 * handler that answers at once, so an operation is the {@code coredns_dns_*} recording (request and
 * response counters, duration and size histograms) plus the handler's completion stage. Two
 * threads share one block's series, as a node's two event loops do; {@code -t 1} measures one
 * thread alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Threads(2)
public class MetricsRecordBenchmark {
  private static final String COREFILE =
      """
      cluster.local:53 {
          prometheus :9253
      }
      """;

  private RuntimeMetrics metrics;
  private DnsHandler chain;
  private Request request;

  @Setup
  public void setUp() {
    ServerConfig block = CorefileParser.parse("bench", COREFILE, Map.of()).servers().get(0);
    metrics = RuntimeMetrics.create();
    ChainContext context =
        new ChainContext(
            block,
            Clock.systemUTC(),
            message -> {},
            null,
            null,
            Optional.of(metrics.registry()),
            new SharedResources());
    request = Messages.request(Messages.decode(Messages.query(Messages.NAME, 0x1111, true)));
    DnsResponse answer =
        DnsResponse.of("cache", Messages.answer(request.query().wire(), 1, true));
    chain =
        new PrometheusPlugin()
            .handler(block.get(PrometheusConfig.class).orElseThrow(), context)
            .orElseThrow()
            .create(new Answering(answer));
  }

  @TearDown
  public void tearDown() {
    metrics.close();
  }

  @Benchmark
  public void record(Blackhole blackhole) {
    blackhole.consume(chain.serve(request));
  }

  /** Answers every query with the same response, completed. */
  private static final class Answering implements DnsHandler {
    private final CompletionStage<DnsResponse> answer;

    Answering(DnsResponse answer) {
      this.answer = CompletableFuture.completedFuture(answer);
    }

    @Override
    public String name() {
      return "cache";
    }

    @Override
    public CompletionStage<DnsResponse> serve(Request request) {
      return answer;
    }
  }
}
