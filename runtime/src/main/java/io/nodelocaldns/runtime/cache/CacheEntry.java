package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.wire.CanonicalResponse;

/**
 * One cached answer. Immutable except for {@link #hits}, which only prefetch reads.
 *
 * @param response the answer in shared wire form; rendered per client on every hit
 * @param tier the tier it is stored in
 * @param ttl seconds it is fresh for, already clamped to the tier's bounds; always positive
 * @param storedAtMillis when it was stored, by the handler's clock
 * @param hits recent hits, for prefetch
 */
public record CacheEntry(
    CanonicalResponse response, CacheTier tier, long ttl, long storedAtMillis, HitCounter hits) {

  private static final long MILLIS_PER_SECOND = 1000;

  /**
   * Seconds of freshness left at {@code nowMillis}: the stored TTL minus the whole seconds elapsed.
   * Zero or less once expired.
   */
  public long secondsLeft(long nowMillis) {
    return ttl - elapsedMillis(nowMillis) / MILLIS_PER_SECOND;
  }

  /** Whether the entry still answers with a positive TTL at {@code nowMillis}. */
  public boolean isFresh(long nowMillis) {
    return secondsLeft(nowMillis) > 0;
  }

  /** How long ago it expired at {@code nowMillis}; negative while fresh. */
  public long expiredForMillis(long nowMillis) {
    return elapsedMillis(nowMillis) - ttl * MILLIS_PER_SECOND;
  }

  private long elapsedMillis(long nowMillis) {
    // a clock stepping back never makes an entry younger than when it was stored
    return Math.max(0, nowMillis - storedAtMillis);
  }
}
