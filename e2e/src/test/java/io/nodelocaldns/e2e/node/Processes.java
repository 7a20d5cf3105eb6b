package io.nodelocaldns.e2e.node;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a process we started, by its PID only. */
final class Processes {
  private Processes() {}

  /** SIGTERM, then SIGKILL after {@code grace}; returns the exit code, or -1 if it never exited. */
  static int stop(Process process, Duration grace) {
    if (process == null) {
      return -1;
    }
    try {
      if (process.isAlive()) {
        process.destroy(); // SIGTERM
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
        }
      }
      return process.isAlive() ? -1 : process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return -1;
    }
  }
}
