package io.nodelocaldns.runtime.cache;

import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.ehcache.Cache;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;

/**
 * A {@link ResponseCache} on two on-heap Ehcache caches in its {@link CacheMemory}'s manager, each
 * bounded to its tier's capacity in entries and all of them together to the memory's byte budget.
 * Values are kept by reference (heap tier, no copier), so a hit costs no copy.
 *
 * <p>The bounds are kept here, not by Ehcache's eviction and events: Ehcache delivers even
 * "synchronous" events through its event thread, two thread hand-offs per store that cost a miss
 * more than the rest of its work and queued every event loop behind one thread. Each tier counts
 * its entries and what they weigh as they are stored, replaced and removed (Ehcache's {@code
 * replace} and {@code putIfAbsent} say what was there), and a tier over its capacity evicts its
 * oldest entry (first in, first out: DNS answers live 30 s at most here, so the oldest is the
 * nearest to expiry). Ehcache's own heap bound sits above the capacity and is never reached.
 *
 * <p>Ehcache's own expiry is off: it would follow the system clock, while freshness and the stale
 * window follow the handler's injected clock. A tier of capacity zero or less stores nothing.
 */
public final class EhcacheResponseCache implements ResponseCache {
  /**
   * Ehcache's heap bound above a tier's capacity: room for stores in flight on every event loop at
   * once before they evict, so that Ehcache itself never evicts behind our count.
   */
  static final int HEADROOM = 1024;

  private final CacheMemory memory;
  private final boolean ownsMemory;
  private final String alias;
  private final CacheEvents events;
  private final Map<CacheTier, Tier> tiers = new EnumMap<>(CacheTier.class);
  private final AtomicLong bytes = new AtomicLong();

  /**
   * Set before the tiers close. Upstream answers still in flight when a reload retires this cache
   * (or at shutdown) then go to their clients uncached, instead of failing in Ehcache.
   */
  private volatile boolean closed;

  /**
   * A cache with a memory of its own ({@link CacheMemory#DEFAULT_BUDGET_BYTES}), closed with it.
   *
   * @param successCapacity the most entries the success tier holds
   * @param denialCapacity the most entries the denial tier holds
   * @param events told of evictions
   */
  public EhcacheResponseCache(int successCapacity, int denialCapacity, CacheEvents events) {
    this(CacheMemory.withDefaultBudget(), null, successCapacity, denialCapacity, events);
  }

  /** A cache in a shared memory: see {@link CacheMemory#newCache}. */
  EhcacheResponseCache(
      CacheMemory memory,
      String alias,
      int successCapacity,
      int denialCapacity,
      CacheEvents events) {
    this.memory = memory;
    this.ownsMemory = alias == null;
    this.alias = alias == null ? "cache" : alias;
    this.events = events;
    addTier(CacheTier.SUCCESS, successCapacity);
    addTier(CacheTier.DENIAL, denialCapacity);
    memory.joined(this);
  }

  private void addTier(CacheTier tier, int capacity) {
    if (capacity <= 0) {
      return;
    }
    var configuration =
        CacheConfigurationBuilder.newCacheConfigurationBuilder(
                CacheKey.class,
                CacheEntry.class,
                ResourcePoolsBuilder.heap((long) capacity + HEADROOM))
            .withExpiry(ExpiryPolicyBuilder.noExpiration())
            .build();
    tiers.put(
        tier,
        new Tier(
            tier,
            capacity,
            memory.manager().createCache(alias + "-" + tier.label(), configuration)));
  }

  @Override
  public CacheEntry get(CacheKey key) {
    // most hits are positive answers: one lookup for them
    CacheEntry entry = lookup(CacheTier.SUCCESS, key);
    return entry != null ? entry : lookup(CacheTier.DENIAL, key);
  }

  private CacheEntry lookup(CacheTier tier, CacheKey key) {
    Tier t = tiers.get(tier);
    if (t == null || closed) {
      return null;
    }
    try {
      return t.cache.get(key);
    } catch (IllegalStateException closedMeanwhile) {
      return null;
    }
  }

  @Override
  public void put(CacheKey key, CacheEntry entry) {
    if (closed) {
      return; // an answer that arrives after a reload retired this cache, or at shutdown
    }
    try {
      store(key, entry);
    } catch (IllegalStateException closedMeanwhile) {
      // closed between the check and the store: the answer still goes to the client, uncached
    }
  }

  private void store(CacheKey key, CacheEntry entry) {
    Tier target = tiers.get(entry.tier());
    if (target != null) {
      if (memory.admits(entry)) {
        target.put(key, entry);
        memory.keepWithinBudget(); // after the store, outside Ehcache's locks
      } else {
        target.remove(key); // too large to keep: an older, smaller answer is no better
      }
    }
    // an answer that changed kind (a name that now exists, say) must not leave the old one behind
    Tier other =
        tiers.get(entry.tier() == CacheTier.SUCCESS ? CacheTier.DENIAL : CacheTier.SUCCESS);
    if (other != null) {
      other.remove(key);
    }
  }

  @Override
  public void remove(CacheKey key, CacheEntry entry) {
    Tier t = tiers.get(entry.tier());
    if (t == null || closed) {
      return;
    }
    try {
      t.remove(key, entry);
    } catch (IllegalStateException closedMeanwhile) {
      // nothing to remove from a closed cache
    }
  }

  @Override
  public void forEach(BiConsumer<CacheKey, CacheEntry> action) {
    for (Tier t : tiers.values()) {
      if (closed) {
        return;
      }
      try {
        t.cache.forEach(e -> action.accept(e.getKey(), e.getValue()));
      } catch (IllegalStateException closedMeanwhile) {
        return;
      }
    }
  }

  /** What this cache's entries weigh now (see {@link CacheMemory#weight}). */
  long bytes() {
    return bytes.get();
  }

  /**
   * Gives back at least {@code wanted} bytes, or all it has: the oldest entries first, the success
   * tier's first. Each counts as an eviction of its tier.
   *
   * @return how many entries were evicted
   */
  int evict(long wanted) {
    long target = bytes.get() - wanted;
    int evicted = 0;
    for (Tier t : tiers.values()) {
      if (closed) {
        return evicted;
      }
      try {
        while (bytes.get() > target && t.evictOldest()) {
          evicted++;
        }
      } catch (IllegalStateException closedMeanwhile) {
        return evicted;
      }
    }
    return evicted;
  }

  /** Arrival records a tier keeps (live and stale keys): bounded, for tests. */
  int pendingArrivals(CacheTier tier) {
    Tier t = tiers.get(tier);
    return t == null ? 0 : t.queued.get();
  }

  @Override
  public int size(CacheTier tier) {
    Tier t = tiers.get(tier);
    if (t == null || closed) {
      return 0; // none, or closed (a reload retired its chain): it holds nothing
    }
    return t.count.get();
  }

  /** Removes its tiers from the memory's manager and returns what they weighed. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    memory.closed(this);
    if (ownsMemory) {
      memory.close();
    } else {
      for (CacheTier tier : tiers.keySet()) {
        memory.manager().removeCache(alias + "-" + tier.label());
      }
    }
    memory.charged(-bytes.getAndSet(0));
  }

  private void charge(long delta) {
    bytes.addAndGet(delta);
    memory.charged(delta);
  }

  /** One tier: its Ehcache cache, its entry count and the order its keys came in. */
  private final class Tier {
    private final CacheTier tier;
    private final int capacity;
    private final Cache<CacheKey, CacheEntry> cache;
    private final AtomicInteger count = new AtomicInteger();

    /**
     * Keys in the order they were added (a key added again appears again; ones no longer here are
     * skipped), and how many: kept within twice the capacity by {@link #compact}, so that keys
     * removed before they were evicted (expired) do not pile up.
     */
    private final Queue<CacheKey> arrivals = new ConcurrentLinkedQueue<>();

    private final AtomicInteger queued = new AtomicInteger();

    Tier(CacheTier tier, int capacity, Cache<CacheKey, CacheEntry> cache) {
      this.tier = tier;
      this.capacity = capacity;
      this.cache = cache;
    }

    void put(CacheKey key, CacheEntry entry) {
      while (true) {
        CacheEntry old = cache.replace(key, entry);
        if (old != null) {
          charge(CacheMemory.weight(key, entry) - CacheMemory.weight(key, old));
          return;
        }
        if (cache.putIfAbsent(key, entry) == null) {
          charge(CacheMemory.weight(key, entry));
          arrivals.add(key);
          if (queued.incrementAndGet() > 2 * capacity + HEADROOM) {
            compact();
          }
          if (count.incrementAndGet() > capacity) {
            evictOldest();
          }
          return;
        }
        // another thread stored this key between the two: replace that one instead
      }
    }

    void remove(CacheKey key) {
      CacheEntry old = cache.get(key);
      if (old != null) {
        remove(key, old);
      }
    }

    boolean remove(CacheKey key, CacheEntry entry) {
      if (cache.remove(key, entry)) {
        count.decrementAndGet();
        charge(-CacheMemory.weight(key, entry));
        return true;
      }
      return false;
    }

    /** Evicts the oldest entry still here; false when the tier is empty. */
    boolean evictOldest() {
      CacheKey key;
      while ((key = arrivals.poll()) != null) {
        queued.decrementAndGet();
        CacheEntry entry = cache.get(key);
        if (entry != null && remove(key, entry)) {
          events.evicted(tier);
          return true;
        }
      }
      return false;
    }

    /** One pass over the arrivals: keys still here go to the back in order, the others are gone. */
    private synchronized void compact() {
      for (int n = queued.get(); n > 0; n--) {
        CacheKey key = arrivals.poll();
        if (key == null) {
          return;
        }
        if (cache.containsKey(key)) {
          arrivals.add(key);
        } else {
          queued.decrementAndGet();
        }
      }
    }
  }
}
