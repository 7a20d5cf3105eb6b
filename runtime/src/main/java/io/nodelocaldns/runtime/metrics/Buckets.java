package io.nodelocaldns.runtime.metrics;

/**
 * CoreDNS's histogram buckets, so quantiles computed by existing dashboards mean the same; each
 * with the unit values are recorded in and the one the exposition writes.
 */
public enum Buckets {
  /**
   * {@code plugin.TimeBuckets}: 0.25 ms doubling 16 times, up to 8.192 s (Prometheus's {@code
   * ExponentialBuckets(0.00025, 2, 16)}). Recorded in nanoseconds, exported in seconds.
   */
  TIME(time(), 1e9),

  /**
   * The size buckets of {@code coredns_dns_request_size_bytes} and {@code
   * coredns_dns_response_size_bytes}, in bytes. CoreDNS's first bucket, 0, is left out (Micrometer,
   * which exported these first, accepted only positive bounds): no DNS message has 0 bytes, so that
   * bucket would always count 0.
   */
  SIZE(
      new long[] {100, 200, 300, 400, 511, 1023, 2047, 4095, 8291, 16_000, 32_000, 48_000, 64_000},
      1);

  private static final long FIRST_TIME_BUCKET_NANOS = 250_000;
  private static final int TIME_BUCKETS = 16;

  private final long[] bounds;

  /** Recorded units per exported unit. */
  private final double scale;

  Buckets(long[] bounds, double scale) {
    this.bounds = bounds;
    this.scale = scale;
  }

  /** The inclusive upper bounds, ascending, in the recorded unit. */
  public long[] bounds() {
    return bounds.clone();
  }

  /** {@code recorded} in the exposition's unit (seconds for {@link #TIME}). */
  public double exported(long recorded) {
    return recorded / scale;
  }

  private static long[] time() {
    long[] buckets = new long[TIME_BUCKETS];
    for (int i = 0; i < TIME_BUCKETS; i++) {
      buckets[i] = FIRST_TIME_BUCKET_NANOS << i;
    }
    return buckets;
  }
}
