package io.nodelocaldns.runtime.cache;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheEventListenerConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.event.EventType;

/**
 * A {@link ResponseCache} on two on-heap Ehcache caches under one {@link CacheManager}, each
 * bounded to its tier's capacity in entries; Ehcache evicts when a tier is full. Values are kept by
 * reference (heap tier, no copier), so a hit costs no copy.
 *
 * <p>Ehcache's own expiry is off: it would follow the system clock, while freshness and the stale
 * window follow the handler's injected clock. A tier of capacity zero or less stores nothing.
 * Evictions reach {@link CacheEvents#evicted} asynchronously, from an Ehcache thread that {@link
 * #close()} stops.
 */
public final class EhcacheResponseCache implements ResponseCache {
  private final CacheManager manager;
  private final Map<CacheTier, Cache<CacheKey, CacheEntry>> tiers = new EnumMap<>(CacheTier.class);

  /**
   * Set before the manager closes. Upstream answers still in flight when a reload retires this
   * cache (or at shutdown) then go to their clients uncached, instead of failing in Ehcache.
   */
  private volatile boolean closed;

  /**
   * @param successCapacity the most entries the success tier holds
   * @param denialCapacity the most entries the denial tier holds
   * @param events told of evictions
   */
  public EhcacheResponseCache(int successCapacity, int denialCapacity, CacheEvents events) {
    manager = CacheManagerBuilder.newCacheManagerBuilder().build(true);
    addTier(CacheTier.SUCCESS, successCapacity, events);
    addTier(CacheTier.DENIAL, denialCapacity, events);
  }

  private void addTier(CacheTier tier, int capacity, CacheEvents events) {
    if (capacity <= 0) {
      return;
    }
    // Ehcache delivers listener events on its own dispatcher thread either way; asynchronous
    // firing spares the evicting put a wait for it. The thread stops with the manager.
    var evictions =
        CacheEventListenerConfigurationBuilder.newEventListenerConfiguration(
                event -> events.evicted(tier), EventType.EVICTED)
            .unordered()
            .asynchronous();
    var configuration =
        CacheConfigurationBuilder.newCacheConfigurationBuilder(
                CacheKey.class, CacheEntry.class, ResourcePoolsBuilder.heap(capacity))
            .withExpiry(ExpiryPolicyBuilder.noExpiration())
            .withService(evictions)
            .build();
    tiers.put(tier, manager.createCache(tier.label(), configuration));
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
      target.put(key, entry);
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

  @Override
  public int size(CacheTier tier) {
    Cache<CacheKey, CacheEntry> cache = tiers.get(tier);
    if (cache == null || closed) {
      return 0; // none, or closed (a reload retired its chain): it holds nothing
    }
    return (int) StreamSupport.stream(cache.spliterator(), false).count();
  }

  @Override
  public void close() {
    closed = true;
    manager.close();
  }
}
