package io.nodelocaldns.runtime.forward;

import java.time.Duration;

/**
 * How long forwarding waits. The defaults keep the runtime's promise that a query whose every
 * upstream fails gets SERVFAIL within 3 s: each attempt waits at most {@link #DEFAULT_ATTEMPT}, the
 * whole query at most {@link #DEFAULT_OVERALL} from when it was read.
 *
 * @param attempt how long one upstream gets to answer (connecting included over TCP)
 * @param overall how long a query may take across all attempts, counted from its arrival
 * @param healthCheck how long a health probe waits for its response
 */
public record ForwardTimeouts(Duration attempt, Duration overall, Duration healthCheck) {
  public static final Duration DEFAULT_ATTEMPT = Duration.ofMillis(1200);
  public static final Duration DEFAULT_OVERALL = Duration.ofMillis(2500);

  /** CoreDNS's health check read timeout. */
  public static final Duration DEFAULT_HEALTH_CHECK = Duration.ofSeconds(1);

  public static final ForwardTimeouts DEFAULTS =
      new ForwardTimeouts(DEFAULT_ATTEMPT, DEFAULT_OVERALL, DEFAULT_HEALTH_CHECK);

  public ForwardTimeouts {
    if (!attempt.isPositive() || !healthCheck.isPositive() || overall.compareTo(attempt) < 0) {
      throw new IllegalArgumentException(
          "attempt: "
              + attempt
              + ", overall: "
              + overall
              + ", healthCheck: "
              + healthCheck
              + " (expected: 0 < attempt <= overall, 0 < healthCheck)");
    }
  }
}
