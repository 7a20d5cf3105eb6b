package io.nodelocaldns.runtime.cache;

import java.util.Optional;

/**
 * {@code prefetch AMOUNT [DURATION] [PERCENTAGE%]} as CoreDNS applies it: an entry hit {@code
 * amount} times, each hit within {@code windowMillis} of the previous one, is refreshed once its
 * remaining TTL is at most {@code percentage}% of the TTL it was stored with (rounded up).
 */
record PrefetchPolicy(int amount, long windowMillis, int percentage) {
  private static final int PERCENT = 100;

  /** The policy for {@code prefetch}, or null when prefetching is off (absent, or amount 0). */
  static PrefetchPolicy of(Optional<CacheConfig.Prefetch> prefetch) {
    return prefetch
        .filter(p -> p.amount() > 0)
        .map(p -> new PrefetchPolicy(p.amount(), p.window().toMillis(), p.percentage()))
        .orElse(null);
  }

  /** Counts a hit on {@code entry} with {@code secondsLeft} to go; true when a refresh is due. */
  boolean recordHit(CacheEntry entry, long nowMillis, long secondsLeft) {
    int hits = entry.hits().record(nowMillis, windowMillis);
    return hits >= amount && secondsLeft <= threshold(entry.ttl());
  }

  long threshold(long ttl) {
    return (percentage * ttl + PERCENT - 1) / PERCENT;
  }
}
