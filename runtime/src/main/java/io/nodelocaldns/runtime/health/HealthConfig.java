package io.nodelocaldns.runtime.health;

import java.net.InetSocketAddress;
import java.time.Duration;

/** {@code health [ADDRESS] [{ lameduck DURATION }]}: /health (default {@code :8080}). */
public record HealthConfig(InetSocketAddress address, Duration lameduck) {
  public static final int DEFAULT_PORT = 8080;
}
