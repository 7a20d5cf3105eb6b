package io.nodelocaldns.runtime.server;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Queries handed to a block's chain and not yet answered. A shutdown stops taking queries, waits
 * for these, and only then closes connections, caches and upstreams: a query in flight then gets
 * its answer instead of a SERVFAIL from an upstream connection closed under it.
 */
final class InFlightQueries {
  private static final long POLL_MILLIS = 5;

  /**
   * Counted on every query by every event loop: a LongAdder keeps them off one shared cache line.
   * Its sum is exact once no query is being taken, which is when a shutdown waits for it.
   */
  private final LongAdder count = new LongAdder();

  void started() {
    count.increment();
  }

  void finished() {
    count.decrement();
  }

  /** Waits until none is in flight or {@code bound} has passed; true when none is left. */
  boolean awaitNone(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (count.sum() > 0) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
