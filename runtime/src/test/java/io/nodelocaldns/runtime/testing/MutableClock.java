package io.nodelocaldns.runtime.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that tests move by hand, so time-dependent code (TTLs, windows, timeouts) is
 * tested without sleeping. Thread-safe: code under test may read it from other threads while the
 * test advances it. Millisecond resolution.
 */
public final class MutableClock extends Clock {
  /** A fixed, arbitrary start so runs are reproducible. */
  public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

  private final AtomicLong millis;
  private final ZoneId zone;

  private MutableClock(AtomicLong millis, ZoneId zone) {
    this.millis = millis;
    this.zone = zone;
  }

  /** A clock at {@link #DEFAULT_START}, in UTC. */
  public static MutableClock create() {
    return startingAt(DEFAULT_START);
  }

  /** A clock at {@code start}, in UTC. */
  public static MutableClock startingAt(Instant start) {
    return new MutableClock(new AtomicLong(start.toEpochMilli()), ZoneOffset.UTC);
  }

  /** Moves the clock forward (or back, with a negative duration). */
  public MutableClock advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
    return this;
  }

  /** Moves the clock forward by {@code seconds}. */
  public MutableClock advanceSeconds(long seconds) {
    return advance(Duration.ofSeconds(seconds));
  }

  /** Sets the clock to {@code instant}. */
  public MutableClock set(Instant instant) {
    millis.set(instant.toEpochMilli());
    return this;
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time: advancing one advances both. */
  @Override
  public Clock withZone(ZoneId newZone) {
    return new MutableClock(millis, newZone);
  }

  @Override
  public String toString() {
    return "MutableClock[" + instant() + "]";
  }
}
