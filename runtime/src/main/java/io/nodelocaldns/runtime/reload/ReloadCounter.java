package io.nodelocaldns.runtime.reload;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ReloadEvents} kept as numbers: how many reloads failed, and the SHA-512 of the Corefile
 * running. Read by tests, and by metrics as functions ({@code coredns_reload_failed_total}).
 */
public final class ReloadCounter implements ReloadEvents {
  private final AtomicLong failures = new AtomicLong();
  private volatile String sha512;

  @Override
  public void failed() {
    failures.incrementAndGet();
  }

  @Override
  public void running(String runningSha512) {
    this.sha512 = runningSha512;
  }

  /** Changed Corefiles that could not be applied since start. */
  public long failures() {
    return failures.get();
  }

  /** The SHA-512 of the Corefile running, once a watcher has reported one. */
  public Optional<String> runningSha512() {
    return Optional.ofNullable(sha512);
  }
}
