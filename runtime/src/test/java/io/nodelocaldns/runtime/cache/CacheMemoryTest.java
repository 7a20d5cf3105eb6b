package io.nodelocaldns.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.wire.CanonicalResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The byte budget and the one Ehcache manager every cache of a runtime shares. */
class CacheMemoryTest {
  private static final int ANSWER_BYTES = 1000;
  private static final long ONE_ENTRY = weight("name0.example.", ANSWER_BYTES);

  private final RecordingEvents events = new RecordingEvents();
  private CacheMemory memory;

  @AfterEach
  void close() {
    if (memory != null) {
      memory.close();
    }
  }

  @Test
  void entriesNeverWeighMoreThanTheBudgetWhateverTheirNumber() {
    memory = new CacheMemory(100 * ONE_ENTRY);
    EhcacheResponseCache cache = memory.newCache(10_000, 10_000, events);

    for (int i = 0; i < 1000; i++) {
      cache.put(key("name" + i + ".example."), entry(ANSWER_BYTES));
    }

    assertThat(memory.usedBytes()).isPositive().isLessThanOrEqualTo(memory.budgetBytes());
    assertThat(cache.size(CacheTier.SUCCESS)).isBetween(90, 100);
    assertThat(memory.budgetEvictions()).isEqualTo(1000 - cache.size(CacheTier.SUCCESS));
    assertThat(events.count("evicted:success")).isEqualTo(memory.budgetEvictions());
  }

  @Test
  void anAnswerAboveTheLargestCacheableIsNotStoredButCounted() {
    memory = new CacheMemory(CacheMemory.DEFAULT_BUDGET_BYTES);
    EhcacheResponseCache cache = memory.newCache(100, 100, events);
    CacheKey key = key("big.example.");

    cache.put(key, entry(CacheMemory.MAX_ENTRY_BYTES + 1));

    assertThat(cache.get(key)).isNull();
    assertThat(memory.tooLarge()).isEqualTo(1);
    assertThat(memory.usedBytes()).isZero();
  }

  @Test
  void aStoreOverTheBudgetEvictsFromTheHeaviestCache() {
    memory = new CacheMemory(100 * ONE_ENTRY);
    EhcacheResponseCache heavy = memory.newCache(10_000, 10_000, events);
    EhcacheResponseCache light = memory.newCache(10_000, 10_000, events);
    for (int i = 0; i < 100; i++) {
      heavy.put(key("name" + i + ".example."), entry(ANSWER_BYTES));
    }

    for (int i = 0; i < 20; i++) {
      light.put(key("name" + i + ".example."), entry(ANSWER_BYTES));
    }

    assertThat(light.size(CacheTier.SUCCESS)).isEqualTo(20);
    assertThat(heavy.size(CacheTier.SUCCESS)).isLessThanOrEqualTo(80);
    assertThat(memory.usedBytes()).isLessThanOrEqualTo(memory.budgetBytes());
  }

  @Test
  void replacingRemovingAndClosingGiveTheBytesBack() {
    memory = new CacheMemory(CacheMemory.DEFAULT_BUDGET_BYTES);
    EhcacheResponseCache cache = memory.newCache(100, 100, events);
    CacheKey kept = key("name0.example.");
    CacheEntry first = entry(ANSWER_BYTES);
    cache.put(kept, first);
    cache.put(kept, entry(ANSWER_BYTES)); // replaced: weighs once
    assertThat(memory.usedBytes()).isEqualTo(ONE_ENTRY);

    CacheKey removed = key("name1.example.");
    CacheEntry gone = entry(ANSWER_BYTES);
    cache.put(removed, gone);
    cache.remove(removed, gone);
    assertThat(memory.usedBytes()).isEqualTo(ONE_ENTRY);

    cache.close();
    assertThat(memory.usedBytes()).isZero();
  }

  @Test
  void manyCachesShareOneManagerAndStartNoThreadEach() {
    memory = new CacheMemory(CacheMemory.DEFAULT_BUDGET_BYTES);
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    List<EhcacheResponseCache> caches = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      EhcacheResponseCache cache = memory.newCache(2, 2, events);
      for (int n = 0; n < 4; n++) { // evictions too
        cache.put(key("name" + n + ".example."), entry(100));
      }
      caches.add(cache);
    }

    long newThreads =
        Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)).count();
    assertThat(newThreads).isLessThan(10);
    caches.forEach(EhcacheResponseCache::close);
    assertThat(memory.usedBytes()).isZero();
  }

  private static long weight(String name, int answerBytes) {
    return CacheMemory.weight(key(name), entry(answerBytes));
  }

  private static CacheKey key(String name) {
    return new CacheKey(name, 16, 1, false, false);
  }

  private static CacheEntry entry(int answerBytes) {
    CanonicalResponse response =
        new CanonicalResponse(
            new byte[answerBytes], new int[] {40}, 0, CanonicalResponse.Kind.SUCCESS, 60);
    return new CacheEntry(response, CacheTier.SUCCESS, 60, 0, HitCounter.starting(0));
  }
}
