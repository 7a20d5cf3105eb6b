package io.nodelocaldns.runtime.cache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How often an entry was asked recently, for {@code prefetch}: as CoreDNS's {@code freq}, a hit
 * within {@code window} of the previous one adds one, a later hit starts again at one.
 *
 * <p>The one mutable part of a {@link CacheEntry}. Lock-free, because it is updated on the hit path
 * from several event loops: the time of the last hit (milliseconds after {@code baseMillis}) and
 * the count share one {@code long}, changed by compare-and-set.
 */
public final class HitCounter {
  private static final int HIT_BITS = 24;
  private static final long HIT_MASK = (1L << HIT_BITS) - 1;

  /** The count saturates here; prefetch amounts are far smaller. */
  static final int MAX_HITS = (int) HIT_MASK;

  private final long baseMillis;
  private final AtomicLong state;

  private HitCounter(long baseMillis, int hits) {
    this.baseMillis = baseMillis;
    this.state = new AtomicLong(Math.min(hits, MAX_HITS));
  }

  /** A counter with no hits yet, for an entry stored at {@code nowMillis}. */
  public static HitCounter starting(long nowMillis) {
    return new HitCounter(nowMillis, 0);
  }

  /**
   * A counter that goes on from {@code hits} last seen at {@code nowMillis}: a refreshed entry
   * keeps the popularity of the one it replaces, as CoreDNS's prefetch does.
   */
  public static HitCounter continuing(long nowMillis, int hits) {
    return new HitCounter(nowMillis, hits);
  }

  /** Counts a hit at {@code nowMillis} and returns the hits in the current run. */
  public int record(long nowMillis, long windowMillis) {
    // the clock may step back; such a hit counts as "just after" the previous one
    long since = Math.max(0, nowMillis - baseMillis);
    while (true) {
      long current = state.get();
      long last = current >>> HIT_BITS;
      int hits = (int) (current & HIT_MASK);
      int updated = hits == 0 || since - last > windowMillis ? 1 : Math.min(hits + 1, MAX_HITS);
      if (state.compareAndSet(current, (since << HIT_BITS) | updated)) {
        return updated;
      }
    }
  }

  /** The hits in the current run. */
  public int hits() {
    return (int) (state.get() & HIT_MASK);
  }

  @Override
  public String toString() {
    return "HitCounter[hits=" + hits() + "]";
  }
}
