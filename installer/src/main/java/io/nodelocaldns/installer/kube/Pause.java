package io.nodelocaldns.installer.kube;

import java.time.Duration;

/** Waiting between polls; tests pass one that returns at once. */
@FunctionalInterface
public interface Pause {
  void sleep(Duration duration) throws InterruptedException;

  static Pause real() {
    return duration -> Thread.sleep(duration);
  }
}
