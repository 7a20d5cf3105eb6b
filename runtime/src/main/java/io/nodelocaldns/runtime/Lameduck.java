package io.nodelocaldns.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * CoreDNS's lameduck: after SIGTERM, keep serving for a while so that clients and Kubernetes move
 * away before the sockets close. The wait can be cut short (a second signal, or closing the
 * runtime), so shutdown never waits longer than it must.
 */
final class Lameduck {
  private final CountDownLatch cut = new CountDownLatch(1);

  /** Waits {@code duration} unless cut short first; true if it ran its full length. */
  boolean await(Duration duration) {
    try {
      return !cut.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Ends the current (or any later) wait at once. */
  void cutShort() {
    cut.countDown();
  }
}
