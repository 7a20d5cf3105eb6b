package io.nodelocaldns.runtime.prometheus;

import java.net.InetSocketAddress;

/** {@code prometheus [ADDRESS]}: where /metrics is served (default {@code :9153}). */
public record PrometheusConfig(InetSocketAddress address) {
  public static final int DEFAULT_PORT = 9153;
}
