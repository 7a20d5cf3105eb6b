package io.nodelocaldns.runtime.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram of whole numbers (nanoseconds, bytes) cheap enough to record per query from every
 * event loop at once: one {@link LongAdder} per bucket and one for the sum, so concurrent records
 * land in per-thread cells instead of contending for one cache line, nothing allocates, and there
 * is no maximum to keep (no compare-and-set loop, no time window to rotate). Scrapes read it with
 * {@link #snapshot}. Thread-safe.
 */
public final class LeanHistogram {
  /** Inclusive upper bounds, ascending: a value equal to a bound counts in that bound's bucket. */
  private final long[] bounds;

  /** One per bound, then the values above every bound ({@code +Inf}); not cumulative. */
  private final LongAdder[] buckets;

  private final LongAdder sum = new LongAdder();

  /**
   * @param bounds the buckets' inclusive upper bounds, strictly ascending
   */
  public LeanHistogram(long[] bounds) {
    for (int i = 1; i < bounds.length; i++) {
      if (bounds[i] <= bounds[i - 1]) {
        throw new IllegalArgumentException(
            "bounds not strictly ascending: " + Arrays.toString(bounds));
      }
    }
    this.bounds = bounds.clone();
    this.buckets = new LongAdder[bounds.length + 1];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  /** Counts {@code value}; a negative one (a clock stepping back) is dropped, as Micrometer did. */
  public void record(long value) {
    if (value < 0) {
      return;
    }
    buckets[bucket(value)].increment();
    sum.add(value);
  }

  /**
   * What has been counted so far. A record running meanwhile may show in the buckets and not yet in
   * the sum, or the other way round, as with Micrometer's; the count is the buckets' total, so it
   * always equals the {@code +Inf} bucket.
   */
  public Snapshot snapshot() {
    long[] counts = new long[buckets.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = buckets[i].sum();
    }
    return new Snapshot(counts, sum.sum());
  }

  /**
   * The first bucket whose bound is at least {@code value}. A linear scan: there are at most 16
   * bounds, and a query's duration and sizes nearly always fall in the first buckets.
   */
  private int bucket(long value) {
    int i = 0;
    while (i < bounds.length && value > bounds[i]) {
      i++;
    }
    return i;
  }

  /**
   * Counts per bucket, not cumulative, the last above every bound; and the sum of the values.
   *
   * @param counts one per bound, then {@code +Inf}
   * @param sum of every value counted, in the recorded unit
   */
  public record Snapshot(long[] counts, long sum) {
    /** How many values were counted. */
    public long count() {
      long count = 0;
      for (long c : counts) {
        count += c;
      }
      return count;
    }
  }
}
