package io.nodelocaldns.runtime.ready;

import java.net.InetSocketAddress;

/** {@code ready [ADDRESS]}: /ready (default {@code :8181}). */
public record ReadyConfig(InetSocketAddress address) {
  public static final int DEFAULT_PORT = 8181;
}
