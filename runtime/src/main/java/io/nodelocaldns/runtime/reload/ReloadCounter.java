package io.nodelocaldns.runtime.reload;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ReloadEvents} kept as numbers — how many reloads failed, and the SHA-512 of the Corefile
 * running — and passed on (to the metrics: {@code coredns_reload_failed_total}).
 */
public final class ReloadCounter implements ReloadEvents {
  private final AtomicLong failures = new AtomicLong();
  private final ReloadEvents also;
  private volatile String sha512;

  public ReloadCounter() {
    this(NONE);
  }

  /** Counts, and tells {@code also} too. */
  public ReloadCounter(ReloadEvents also) {
    this.also = also;
  }

  @Override
  public void failed() {
    failures.incrementAndGet();
    also.failed();
  }

  @Override
  public void running(String runningSha512) {
    this.sha512 = runningSha512;
    also.running(runningSha512);
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
