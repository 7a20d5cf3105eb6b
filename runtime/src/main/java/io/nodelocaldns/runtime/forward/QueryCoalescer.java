package io.nodelocaldns.runtime.forward;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Merges identical work in flight: while one caller's upstream query for a key runs, later callers
 * with the same key wait for that query's result instead of sending their own. The entry goes as
 * soon as the result is in, so the next caller starts afresh.
 *
 * @param <K> the key; equal keys share one query
 * @param <V> the shared result
 */
final class QueryCoalescer<K, V> {
  private final ConcurrentHashMap<K, CompletableFuture<V>> inflight = new ConcurrentHashMap<>();

  /**
   * The result of the query in flight for {@code key}, or of a new one that {@code start} begins.
   * Each caller gets its own future, so none can complete or cancel what the others wait for.
   */
  CompletableFuture<V> join(K key, Supplier<? extends CompletableFuture<V>> start) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> existing = inflight.putIfAbsent(key, mine);
    if (existing != null) {
      return existing.copy();
    }
    CompletableFuture<V> work;
    try {
      work = start.get();
    } catch (RuntimeException e) {
      work = CompletableFuture.failedFuture(e);
    }
    work.whenComplete(
        (value, failure) -> {
          // leave the map first: a caller arriving after completion must start a new query
          inflight.remove(key, mine);
          if (failure != null) {
            mine.completeExceptionally(failure);
          } else {
            mine.complete(value);
          }
        });
    return mine.copy();
  }

  /** Keys with a query in flight. */
  int size() {
    return inflight.size();
  }
}
