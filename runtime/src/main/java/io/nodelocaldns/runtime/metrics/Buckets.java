package io.nodelocaldns.runtime.metrics;

import java.time.Duration;

/** CoreDNS's histogram buckets, so quantiles computed by existing dashboards mean the same. */
public final class Buckets {
  /**
   * {@code plugin.TimeBuckets}: 0.25 ms doubling 16 times, up to 8.192 s (Prometheus's {@code
   * ExponentialBuckets(0.00025, 2, 16)}).
   */
  public static final Duration[] TIME = time();

  /**
   * The size buckets of {@code coredns_dns_request_size_bytes} and {@code
   * coredns_dns_response_size_bytes}. CoreDNS's first bucket, 0, is left out: Micrometer accepts
   * only positive bounds, and no DNS message has 0 bytes, so that bucket would always count 0.
   */
  public static final double[] SIZE = {
    100, 200, 300, 400, 511, 1023, 2047, 4095, 8291, 16e3, 32e3, 48e3, 64e3
  };

  private static final long FIRST_TIME_BUCKET_NANOS = 250_000;
  private static final int TIME_BUCKETS = 16;

  private Buckets() {}

  private static Duration[] time() {
    Duration[] buckets = new Duration[TIME_BUCKETS];
    for (int i = 0; i < TIME_BUCKETS; i++) {
      buckets[i] = Duration.ofNanos(FIRST_TIME_BUCKET_NANOS << i);
    }
    return buckets;
  }
}
