package io.nodelocaldns.bench;

import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link ResponseRenderer#render}: a cached answer of 1 or 10 A records rewritten for a client that
 * spells the name in another case and sends EDNS: its ID, its RD bit, its spelling, aged TTLs, an
 * OPT record.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ResponseRenderBenchmark {
  @Param({"1", "10"})
  public int records;

  private CanonicalResponse cached;
  private DnsQuery client;

  /** Not final and read per call, so the TTL loop is not folded away. */
  private long ttl = 17;

  @Setup
  public void setUp() {
    byte[] first = Messages.query(Messages.NAME, 0x1111, false);
    cached = ResponseCanonicalizer.canonicalize(Messages.answer(first, records, true));
    client = Messages.decode(Messages.query(Messages.MIXED_CASE_NAME, 0x2222, true));
    if (!ResponseRenderer.answers(cached, client)) {
      throw new IllegalStateException("the cached answer does not answer the client's question");
    }
  }

  @Benchmark
  public byte[] render() {
    return ResponseRenderer.render(cached, client, ttl);
  }
}
