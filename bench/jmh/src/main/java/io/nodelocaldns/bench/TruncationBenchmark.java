package io.nodelocaldns.bench;

import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import io.nodelocaldns.runtime.wire.Truncation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Truncation#fitForUdp}: a 100-record answer (about 1.7 KB) for a client without EDNS (512
 * bytes), which gets the header with TC and the question; and the common case, an answer that fits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TruncationBenchmark {
  private static final int LARGE_ANSWER_RECORDS = 100;

  private byte[] large;
  private byte[] small;
  private DnsQuery classicClient;

  @Setup
  public void setUp() {
    byte[] query = Messages.query(Messages.NAME, 0x3333, false);
    classicClient = Messages.decode(query);
    large =
        ResponseRenderer.render(
            ResponseCanonicalizer.canonicalize(Messages.answer(query, LARGE_ANSWER_RECORDS, false)),
            classicClient,
            ResponseRenderer.KEEP_TTLS);
    small =
        ResponseRenderer.render(
            ResponseCanonicalizer.canonicalize(Messages.answer(query, 1, false)),
            classicClient,
            ResponseRenderer.KEEP_TTLS);
    if (large.length <= classicClient.udpLimit() || small.length > classicClient.udpLimit()) {
      throw new IllegalStateException("large: " + large.length + ", small: " + small.length);
    }
  }

  @Benchmark
  public byte[] truncate() {
    return Truncation.fitForUdp(large, classicClient);
  }

  @Benchmark
  public byte[] fits() {
    return Truncation.fitForUdp(small, classicClient);
  }
}
