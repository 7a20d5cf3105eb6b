package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.plugin.Request;
import java.util.function.ToIntFunction;

/**
 * What the cache reports, so metrics (CoreDNS's {@code coredns_cache_*}) attach without touching
 * the cache's logic. Called on event loops and refresh threads: implementations must be thread-safe
 * and cheap (a counter increment).
 *
 * <p>Every query for a name in the cache's zones raises exactly one of {@link #hit}, {@link
 * #servedStale} and {@link #miss}. Events caused by a query carry its {@link Request}, whose
 * listener address is CoreDNS's {@code server} label.
 */
public interface CacheEvents {

  /** Reports nothing. */
  CacheEvents NONE = new CacheEvents() {};

  /** {@code request} was answered from a fresh entry of {@code tier}. */
  default void hit(Request request, CacheTier tier) {}

  /** {@code request} was answered from an expired entry of {@code tier} ({@code serve_stale}). */
  default void servedStale(Request request, CacheTier tier) {}

  /**
   * {@code request} was answered by the next handler (nothing usable cached, or a stale entry
   * verified).
   */
  default void miss(Request request) {}

  /**
   * A background refresh started on behalf of {@code request}: a prefetch, or the refresh behind a
   * stale answer.
   */
  default void prefetch(Request request) {}

  /**
   * The response to {@code request} was not cached because it answers a different question
   * (CoreDNS's drops).
   */
  default void dropped(Request request) {}

  /**
   * Capacity or the byte budget pushed an entry out of {@code tier}. Reported on the thread whose
   * store made room, which may be another block's when the budget is full.
   */
  default void evicted(CacheTier tier) {}

  /**
   * The cache, once built, hands over how many entries each tier holds: a count that walks the
   * tier, for a gauge to read per scrape (CoreDNS's {@code coredns_cache_entries}), not per query.
   */
  default void entriesCountedBy(ToIntFunction<CacheTier> entries) {}
}
