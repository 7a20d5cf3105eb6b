package io.nodelocaldns.runtime.cache;

import static io.nodelocaldns.runtime.cache.TestQueries.a;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.wire.CanonicalResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The two-tier Ehcache store: bounds, one tier per key, conditional removal, clean shutdown. */
class EhcacheResponseCacheTest extends CacheFixture {
  private static final CanonicalResponse ANY_RESPONSE =
      new CanonicalResponse(new byte[0], new int[0], 0, CanonicalResponse.Kind.SUCCESS, 60);

  private EhcacheResponseCache store;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aFullTierEvictsAndNeverHoldsMoreThanItsCapacity() {
    store = new EhcacheResponseCache(10, 10, events);

    for (int i = 0; i < 1000; i++) {
      store.put(key("name" + i + ".example."), entry(CacheTier.SUCCESS));
    }

    int size = store.size(CacheTier.SUCCESS);
    assertThat(size).isBetween(1, 10);
    await().untilAsserted(() -> assertThat(events.count("evicted:success")).isEqualTo(1000 - size));
    assertThat(store.size(CacheTier.DENIAL)).isZero();
  }

  @Test
  void aHandlerTierOfCapacityTenHoldsAtMostTenOfAThousandNames() {
    CacheHandler cache = handler(TestConfigs.cache().success(10, 3600, 5));

    for (int i = 0; i < 1000; i++) {
      ask(cache, a("name" + i + ".example."));
    }

    assertThat(cache.cache().size(CacheTier.SUCCESS)).isBetween(1, 10);
  }

  @Test
  void aKeyLivesInOneTierAtATime() {
    store = new EhcacheResponseCache(10, 10, events);
    CacheKey key = key("example.com.");

    store.put(key, entry(CacheTier.DENIAL));
    CacheEntry positive = entry(CacheTier.SUCCESS);
    store.put(key, positive);

    assertThat(store.get(key)).isSameAs(positive);
    assertThat(store.size(CacheTier.DENIAL)).isZero();

    CacheEntry negative = entry(CacheTier.DENIAL);
    store.put(key, negative);
    assertThat(store.get(key)).isSameAs(negative);
    assertThat(store.size(CacheTier.SUCCESS)).isZero();
  }

  @Test
  void removeLeavesAnEntryThatReplacedTheOneSeen() {
    store = new EhcacheResponseCache(10, 10, events);
    CacheKey key = key("example.com.");
    CacheEntry seen = entry(CacheTier.SUCCESS);
    CacheEntry replacement = entry(CacheTier.SUCCESS);
    store.put(key, seen);
    store.put(key, replacement);

    store.remove(key, seen);
    assertThat(store.get(key)).isSameAs(replacement);

    store.remove(key, replacement);
    assertThat(store.get(key)).isNull();
  }

  @Test
  void aTierOfCapacityZeroStoresNothing() {
    store = new EhcacheResponseCache(0, 10, events);
    CacheKey key = key("example.com.");

    store.put(key, entry(CacheTier.SUCCESS));

    assertThat(store.get(key)).isNull();
    assertThat(store.size(CacheTier.SUCCESS)).isZero();
  }

  @Test
  void aClosedStoreHoldsNothing() {
    EhcacheResponseCache closed = new EhcacheResponseCache(10, 10, events);
    closed.put(key("example.com."), entry(CacheTier.SUCCESS));
    closed.close();
    // what coredns_cache_entries reads of a chain a reload retired
    assertThat(closed.size(CacheTier.SUCCESS)).isZero();
  }

  @Test
  void anAnswerArrivingAfterCloseIsNotCachedAndFailsNothing() {
    // an upstream answer still in flight when a reload retires the chain, or at shutdown
    EhcacheResponseCache closed = new EhcacheResponseCache(10, 10, events);
    CacheKey key = key("late.example.");
    CacheEntry entry = entry(CacheTier.SUCCESS);
    closed.close();

    closed.put(key, entry);
    closed.remove(key, entry);

    assertThat(closed.get(key)).isNull();
  }

  @Test
  void storesAndEvictionsStartNoEhcacheThread() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    EhcacheResponseCache closed = new EhcacheResponseCache(10, 10, events);
    for (int i = 0; i < 20; i++) { // evictions are ours: no event dispatcher, no hand-off
      closed.put(key("name" + i + ".example."), entry(CacheTier.SUCCESS));
    }
    assertThat(events.count("evicted:success")).isEqualTo(10);
    assertThat(ehcacheThreadsSince(before)).isEmpty();

    closed.close();

    assertThat(ehcacheThreadsSince(before)).isEmpty();
  }

  @Test
  void theOldestEntryIsEvictedFirst() {
    EhcacheResponseCache cache = new EhcacheResponseCache(3, 3, events);
    for (String name : List.of("a.", "b.", "c.", "d.")) {
      cache.put(key(name), entry(CacheTier.SUCCESS));
    }

    assertThat(cache.get(key("a."))).isNull();
    assertThat(List.of("b.", "c.", "d."))
        .allSatisfy(n -> assertThat(cache.get(key(n))).isNotNull());
    assertThat(cache.size(CacheTier.SUCCESS)).isEqualTo(3);
    cache.close();
  }

  /**
   * Names that expire and are removed before they are ever evicted (a cache that never fills) must
   * not leave their arrival records behind: the bytes and the count come back to zero and stay.
   */
  @Test
  void removedEntriesLeaveNothingBehindWhenTheTierNeverFills() {
    EhcacheResponseCache cache = new EhcacheResponseCache(10, 10, events);
    for (int i = 0; i < 100_000; i++) {
      CacheKey key = key("n" + i + ".example.");
      CacheEntry entry = entry(CacheTier.SUCCESS);
      cache.put(key, entry);
      cache.remove(key, entry);
    }

    assertThat(cache.size(CacheTier.SUCCESS)).isZero();
    assertThat(cache.bytes()).isZero();
    assertThat(cache.pendingArrivals(CacheTier.SUCCESS))
        .isLessThanOrEqualTo(2 * 10 + EhcacheResponseCache.HEADROOM);
    cache.close();
  }

  private static Set<String> ehcacheThreadsSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread) && thread.isAlive())
        .map(Thread::getName)
        .filter(name -> name.startsWith("Ehcache"))
        .collect(Collectors.toSet());
  }

  private static CacheKey key(String name) {
    return new CacheKey(name, 1, 1, false, false);
  }

  private CacheEntry entry(CacheTier tier) {
    long now = clock.millis();
    return new CacheEntry(ANY_RESPONSE, tier, 60, now, HitCounter.starting(now));
  }
}
