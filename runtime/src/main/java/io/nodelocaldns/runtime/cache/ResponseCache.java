package io.nodelocaldns.runtime.cache;

import java.util.function.BiConsumer;

/**
 * Where a {@link CacheHandler} keeps its answers: a success and a denial tier, each bounded in
 * entries. A key lives in at most one tier. The store does not judge freshness: entries are kept
 * until replaced, removed or evicted, and the handler decides by its own clock what they are still
 * good for.
 */
public interface ResponseCache extends AutoCloseable {

  /** The entry under {@code key} in either tier, fresh or expired; {@code null} when none. */
  CacheEntry get(CacheKey key);

  /** Stores {@code entry} in its tier, replacing whatever either tier held for {@code key}. */
  void put(CacheKey key, CacheEntry entry);

  /** Removes {@code key} only while it maps to {@code entry} (a refresh may have replaced it). */
  void remove(CacheKey key, CacheEntry entry);

  /**
   * Calls {@code action} for every entry of both tiers, fresh or expired (a warm restart's dump).
   */
  void forEach(BiConsumer<CacheKey, CacheEntry> action);

  /** How many entries {@code tier} holds now. Walks the tier: for tests and diagnostics only. */
  int size(CacheTier tier);

  /** Releases the store; it must not be used afterwards. */
  @Override
  void close();
}
