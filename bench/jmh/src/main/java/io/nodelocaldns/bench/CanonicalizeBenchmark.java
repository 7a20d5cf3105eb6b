package io.nodelocaldns.bench;

import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
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
 * {@link ResponseCanonicalizer#canonicalize}: an upstream answer with an OPT record brought into
 * the form the cache stores (done once per miss, not per hit).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CanonicalizeBenchmark {
  @Param({"1", "10"})
  public int records;

  private byte[] upstreamResponse;

  @Setup
  public void setUp() {
    byte[] query = Messages.query(Messages.MIXED_CASE_NAME, 0x4d2, true);
    upstreamResponse = Messages.answer(query, records, true);
  }

  @Benchmark
  public CanonicalResponse canonicalize() {
    return ResponseCanonicalizer.canonicalize(upstreamResponse);
  }
}
