package io.nodelocaldns.runtime.reload;

import java.time.Duration;

/** {@code reload [INTERVAL] [JITTER]}: how often the Corefile is checked for changes. */
public record ReloadConfig(Duration interval, Duration jitter) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_JITTER = Duration.ofSeconds(15);
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(2);
}
