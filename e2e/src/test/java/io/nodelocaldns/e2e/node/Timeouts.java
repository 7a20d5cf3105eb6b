package io.nodelocaldns.e2e.node;

import java.time.Duration;

/**
 * The bounds that keep a broken run from hanging (none is a timed assertion), multiplied by {@value
 * #SCALE_PROPERTY} (default 1): a VM under software emulation on a shared machine runs many times
 * slower, and its scenarios set 4.
 */
final class Timeouts {
  static final String SCALE_PROPERTY = "nld.timeout.scale";

  private Timeouts() {}

  static int scale() {
    return Math.max(1, Integer.getInteger(SCALE_PROPERTY, 1));
  }

  static Duration scaled(Duration bound) {
    return bound.multipliedBy(scale());
  }

  /** {@code seconds} scaled, for a command-line flag such as curl's {@code --max-time}. */
  static String seconds(int seconds) {
    return String.valueOf(seconds * scale());
  }
}
