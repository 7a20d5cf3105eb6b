package io.nodelocaldns.runtime.warm;

import io.nodelocaldns.runtime.cache.BlockCaches;
import io.nodelocaldns.runtime.cache.CacheHandler;
import io.nodelocaldns.runtime.cache.CachedAnswer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every fresh answer of a runtime's caches at one moment, by server block ({@link
 * BlockCaches#keyOf}).
 *
 * @param writtenAtMillis when it was taken, wall-clock milliseconds since the epoch
 * @param answers each block's fresh answers
 */
public record Snapshot(long writtenAtMillis, Map<String, List<CachedAnswer>> answers) {
  public Snapshot {
    answers = Map.copyOf(answers);
  }

  /** The fresh answers of {@code caches} now. */
  static Snapshot of(BlockCaches caches, long wallMillis) {
    Map<String, List<CachedAnswer>> answers = new LinkedHashMap<>();
    caches.byBlock().forEach((block, cache) -> answers.put(block, cache.freshAnswers(wallMillis)));
    return new Snapshot(wallMillis, answers);
  }

  /** How many answers it holds. */
  int size() {
    return answers.values().stream().mapToInt(List::size).sum();
  }

  /**
   * Puts each answer back into the cache of the block with the same key; answers of blocks this
   * runtime does not have, expired ones, and ones its cache refuses are left out.
   *
   * @return how many were stored
   */
  int restoreInto(BlockCaches caches, long wallMillis) {
    int restored = 0;
    for (Map.Entry<String, CacheHandler> block : caches.byBlock().entrySet()) {
      for (CachedAnswer answer : answers.getOrDefault(block.getKey(), List.of())) {
        if (block.getValue().restore(answer, wallMillis)) {
          restored++;
        }
      }
    }
    return restored;
  }
}
