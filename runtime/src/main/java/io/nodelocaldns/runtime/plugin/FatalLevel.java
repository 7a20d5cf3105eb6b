package io.nodelocaldns.runtime.plugin;

import java.util.logging.Level;

/**
 * CoreDNS's {@code [FATAL]}: a log level above SEVERE for an error after which the process stops
 * (as {@code log.Fatal} does in a CoreDNS plugin). The runtime's log prints it as {@code [FATAL]}.
 */
public final class FatalLevel extends Level {
  /** Above SEVERE (1000). A literal: it must be set before {@link #FATAL} is built below. */
  private static final int VALUE = 1100;

  public static final Level FATAL = new FatalLevel();

  private FatalLevel() {
    super("FATAL", VALUE);
  }
}
