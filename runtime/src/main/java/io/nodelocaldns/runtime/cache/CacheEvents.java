package io.nodelocaldns.runtime.cache;

/**
 * What the cache reports, so metrics (CoreDNS's {@code coredns_cache_*}) attach without touching
 * the cache's logic. Called on event loops and refresh threads: implementations must be
 * thread-safe and cheap (a counter increment).
 *
 * <p>Every query for a name in the cache's zones raises exactly one of {@link #hit}, {@link
 * #servedStale} and {@link #miss}.
 */
public interface CacheEvents {

  /** Reports nothing. */
  CacheEvents NONE = new CacheEvents() {};

  /** Answered from a fresh entry of {@code tier}. */
  default void hit(CacheTier tier) {}

  /** Answered from an expired entry of {@code tier} ({@code serve_stale}). */
  default void servedStale(CacheTier tier) {}

  /** Answered by the next handler (nothing usable cached, or a stale entry verified). */
  default void miss() {}

  /** A background refresh started: a prefetch, or the refresh behind a stale answer. */
  default void prefetch() {}

  /** A response was not cached because it answers a different question (CoreDNS's drops). */
  default void dropped() {}

  /** Capacity pushed an entry out of {@code tier}. */
  default void evicted(CacheTier tier) {}
}
