package io.nodelocaldns.runtime.cache;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.StreamSupport;
import org.ehcache.Cache;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheEventListenerConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.event.CacheEvent;
import org.ehcache.event.EventType;

/**
 * A {@link ResponseCache} on two on-heap Ehcache caches in its {@link CacheMemory}'s manager, each
 * bounded to its tier's capacity in entries (Ehcache evicts when a tier is full) and all of them
 * together to the memory's byte budget. Values are kept by reference (heap tier, no copier), so a
 * hit costs no copy.
 *
 * <p>Ehcache's own expiry is off: it would follow the system clock, while freshness and the stale
 * window follow the handler's injected clock. A tier of capacity zero or less stores nothing. What
 * the tiers weigh is followed through Ehcache's events, delivered synchronously on the thread that
 * changed the tier (puts and removals happen on misses, never on the hit path).
 */
public final class EhcacheResponseCache implements ResponseCache {
  private final CacheMemory memory;
  private final boolean ownsMemory;
  private final String alias;
  private final CacheEvents events;
  private final Map<CacheTier, Cache<CacheKey, CacheEntry>> tiers = new EnumMap<>(CacheTier.class);
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
    var weighing =
        CacheEventListenerConfigurationBuilder.newEventListenerConfiguration(
                (CacheEvent<? extends CacheKey, ? extends CacheEntry> event) -> weigh(tier, event),
                EventType.CREATED,
                EventType.UPDATED,
                EventType.REMOVED,
                EventType.EVICTED,
                EventType.EXPIRED)
            .unordered()
            .synchronous();
    var configuration =
        CacheConfigurationBuilder.newCacheConfigurationBuilder(
                CacheKey.class, CacheEntry.class, ResourcePoolsBuilder.heap(capacity))
            .withExpiry(ExpiryPolicyBuilder.noExpiration())
            .withService(weighing)
            .build();
    tiers.put(tier, memory.manager().createCache(alias + "-" + tier.label(), configuration));
  }

  private void weigh(CacheTier tier, CacheEvent<? extends CacheKey, ? extends CacheEntry> event) {
    CacheKey key = event.getKey();
    long added = event.getNewValue() == null ? 0 : CacheMemory.weight(key, event.getNewValue());
    long removed = event.getOldValue() == null ? 0 : CacheMemory.weight(key, event.getOldValue());
    bytes.addAndGet(added - removed);
    memory.charged(added - removed);
    if (event.getType() == EventType.EVICTED) {
      events.evicted(tier);
    }
  }

  @Override
  public CacheEntry get(CacheKey key) {
    // most hits are positive answers: one lookup for them
    CacheEntry entry = lookup(CacheTier.SUCCESS, key);
    return entry != null ? entry : lookup(CacheTier.DENIAL, key);
  }

  private CacheEntry lookup(CacheTier tier, CacheKey key) {
    Cache<CacheKey, CacheEntry> cache = tiers.get(tier);
    if (cache == null || closed) {
      return null;
    }
    try {
      return cache.get(key);
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
    Cache<CacheKey, CacheEntry> target = tiers.get(entry.tier());
    if (target != null) {
      if (memory.admits(entry)) {
        target.put(key, entry);
        memory.keepWithinBudget(); // after the put, outside Ehcache's locks and event delivery
      } else {
        target.remove(key); // too large to keep: an older, smaller answer is no better
      }
    }
    // an answer that changed kind (a name that now exists, say) must not leave the old one behind
    CacheTier other = entry.tier() == CacheTier.SUCCESS ? CacheTier.DENIAL : CacheTier.SUCCESS;
    Cache<CacheKey, CacheEntry> stale = tiers.get(other);
    if (stale != null) {
      stale.remove(key);
    }
  }

  @Override
  public void remove(CacheKey key, CacheEntry entry) {
    Cache<CacheKey, CacheEntry> cache = tiers.get(entry.tier());
    if (cache == null || closed) {
      return;
    }
    try {
      cache.remove(key, entry);
    } catch (IllegalStateException closedMeanwhile) {
      // nothing to remove from a closed cache
    }
  }

  /** What this cache's entries weigh now (see {@link CacheMemory#weight}). */
  long bytes() {
    return bytes.get();
  }

  /**
   * Gives back at least {@code wanted} bytes, or all it has: entries in the order Ehcache's map
   * iterates them (by hash, so no name is favoured), the success tier first. Each counts as an
   * eviction of its tier.
   *
   * @return how many entries were evicted
   */
  int evict(long wanted) {
    long target = bytes.get() - wanted;
    int evicted = 0;
    for (CacheTier tier : CacheTier.values()) {
      Cache<CacheKey, CacheEntry> cache = tiers.get(tier);
      if (cache == null || closed) {
        continue;
      }
      try {
        Iterator<Cache.Entry<CacheKey, CacheEntry>> entries = cache.iterator();
        while (bytes.get() > target && entries.hasNext()) {
          Cache.Entry<CacheKey, CacheEntry> entry = entries.next();
          if (cache.remove(entry.getKey(), entry.getValue())) {
            events.evicted(tier);
            evicted++;
          }
        }
      } catch (IllegalStateException closedMeanwhile) {
        return evicted;
      }
    }
    return evicted;
  }

  @Override
  public void forEach(BiConsumer<CacheKey, CacheEntry> action) {
    for (Cache<CacheKey, CacheEntry> cache : tiers.values()) {
      if (closed) {
        return;
      }
      try {
        cache.forEach(entry -> action.accept(entry.getKey(), entry.getValue()));
      } catch (IllegalStateException closedMeanwhile) {
        return;
      }
    }
  }

  @Override
  public int size(CacheTier tier) {
    Cache<CacheKey, CacheEntry> cache = tiers.get(tier);
    if (cache == null || closed) {
      return 0; // none, or closed (a reload retired its chain): it holds nothing
    }
    return (int) StreamSupport.stream(cache.spliterator(), false).count();
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
}
