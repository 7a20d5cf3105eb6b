package io.nodelocaldns.bench;

import io.nodelocaldns.runtime.wire.QueryDecoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link QueryDecoder#decode}: a pod's A query with EDNS, as it arrives from the socket. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class QueryDecodeBenchmark {
  private byte[] packet;

  @Setup
  public void setUp() {
    packet = Messages.query(Messages.MIXED_CASE_NAME, 0x4d2, true);
  }

  /** The result holds the decoded query; returning it keeps the work alive. */
  @Benchmark
  public QueryDecoder.Result decode() {
    return QueryDecoder.decode(packet);
  }
}
