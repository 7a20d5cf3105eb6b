package io.nodelocaldns.runtime.cache;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.PooledExecutionServiceConfigurationBuilder;

/**
 * The memory every cache of one runtime shares: one Ehcache {@link CacheManager} (so a hundred stub
 * domains do not start a hundred managers and their threads) and one byte budget. Entry capacities
 * bound how many answers a tier keeps; the budget bounds what they weigh together, whatever the
 * upstreams send: an answer weighs its wire size plus {@link #ENTRY_OVERHEAD_BYTES} for the objects
 * around it, answers above {@link #MAX_ENTRY_BYTES} are not cached at all, and a store that takes
 * the total over the budget evicts from the cache that weighs most until it fits.
 */
public final class CacheMemory implements AutoCloseable {
  /**
   * What all caches of a runtime may weigh together: about 30,000 typical answers (150 bytes on the
   * wire, a 40-character name), well above a node's working set, and a third of the heap
   * jvm.options gives the agent (docs/security.md).
   */
  public static final long DEFAULT_BUDGET_BYTES = 16L << 20;

  /**
   * Answers larger than this on the wire are served but not cached. A UDP client gets at most 1,232
   * bytes; only TCP clients ask for more, rarely. Without it, a domain that answers 60 KB over TCP
   * could fill the budget with a few hundred queries and push out everything else.
   */
  public static final int MAX_ENTRY_BYTES = 16 * 1024;

  /**
   * What an entry costs beyond its wire bytes, estimated from the object layouts (64-bit,
   * compressed pointers): the key and its name, the entry, the canonical response and its TTL
   * offsets, the hit counter, and Ehcache's value holder and map node.
   */
  static final int ENTRY_OVERHEAD_BYTES = 320;

  private final long budgetBytes;
  private final CacheManager manager;
  private final AtomicLong usedBytes = new AtomicLong();
  private final AtomicInteger cacheIds = new AtomicInteger();
  private final LongAdder tooLarge = new LongAdder();
  private final LongAdder budgetEvictions = new LongAdder();
  private final LongAdder changes = new LongAdder();
  private final Set<EhcacheResponseCache> caches = ConcurrentHashMap.newKeySet();

  /**
   * @param budgetBytes what all caches made by {@link #newCache} may weigh together
   */
  public CacheMemory(long budgetBytes) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("budgetBytes: " + budgetBytes + " (expected: > 0)");
    }
    this.budgetBytes = budgetBytes;
    // Without a pool Ehcache gives each cache's event dispatcher a thread of its own
    this.manager =
        CacheManagerBuilder.newCacheManagerBuilder()
            .using(
                PooledExecutionServiceConfigurationBuilder
                    .newPooledExecutionServiceConfigurationBuilder()
                    .defaultPool("cache-events", 0, 1)
                    .build())
            .build(true);
  }

  /** A budget of {@link #DEFAULT_BUDGET_BYTES}. */
  public static CacheMemory withDefaultBudget() {
    return new CacheMemory(DEFAULT_BUDGET_BYTES);
  }

  /** A new cache charged to this budget; closing it returns what it held. */
  public EhcacheResponseCache newCache(
      int successCapacity, int denialCapacity, CacheEvents events) {
    return new EhcacheResponseCache(
        this, "cache-" + cacheIds.incrementAndGet(), successCapacity, denialCapacity, events);
  }

  /** What an entry weighs against the budget. */
  static long weight(CacheKey key, CacheEntry entry) {
    return entry.response().wire().length
        + 4L * entry.response().ttlOffsets().length
        + 2L * key.name().length()
        + ENTRY_OVERHEAD_BYTES;
  }

  /** Whether an answer is small enough to cache; counts the ones that are not. */
  boolean admits(CacheEntry entry) {
    if (entry.response().wire().length > MAX_ENTRY_BYTES) {
      tooLarge.increment();
      return false;
    }
    return true;
  }

  CacheManager manager() {
    return manager;
  }

  /** What a cache's entries weigh changed by {@code delta} bytes (stored, replaced, removed). */
  void charged(long delta) {
    usedBytes.addAndGet(delta);
    changes.increment();
  }

  /**
   * How many times an entry was stored, replaced or removed so far: a snapshot is due when it
   * moved.
   */
  public long changes() {
    return changes.sum();
  }

  void joined(EhcacheResponseCache cache) {
    caches.add(cache);
  }

  void closed(EhcacheResponseCache cache) {
    caches.remove(cache);
  }

  /** Over the budget, the heaviest caches give entries back until it fits. */
  void keepWithinBudget() {
    if (usedBytes.get() > budgetBytes) {
      shed();
    }
  }

  private synchronized void shed() {
    while (usedBytes.get() > budgetBytes) {
      EhcacheResponseCache heaviest =
          caches.stream().max(Comparator.comparingLong(EhcacheResponseCache::bytes)).orElse(null);
      if (heaviest == null) {
        return;
      }
      int evicted = heaviest.evict(usedBytes.get() - budgetBytes);
      if (evicted == 0) {
        return; // nothing left to give back: only entries being stored right now remain
      }
      budgetEvictions.add(evicted);
    }
  }

  /** What the caches weigh now. */
  public long usedBytes() {
    return usedBytes.get();
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  /** Answers not cached because they were larger than {@link #MAX_ENTRY_BYTES}. */
  public long tooLarge() {
    return tooLarge.sum();
  }

  /** Entries evicted to keep within the budget (also counted per cache as evictions). */
  public long budgetEvictions() {
    return budgetEvictions.sum();
  }

  /** Closes every cache and the manager. */
  @Override
  public void close() {
    caches.forEach(EhcacheResponseCache::close);
    manager.close();
  }
}
