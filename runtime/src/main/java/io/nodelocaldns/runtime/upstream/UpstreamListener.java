package io.nodelocaldns.runtime.upstream;

import io.nodelocaldns.runtime.plugin.Transport;
import java.net.InetSocketAddress;

/**
 * What happens while forwarding, for metrics and logs: the events behind CoreDNS's {@code
 * coredns_forward_*} and {@code coredns_proxy_*} series. Every method does nothing by default, so
 * an implementation overrides only what it records; implementations must be fast and thread-safe,
 * as they are called on event-loop threads.
 */
public interface UpstreamListener {

  /** Records nothing. */
  UpstreamListener NONE = new UpstreamListener() {};

  /** A query was sent to {@code upstream} over {@code transport} (a health probe is not). */
  default void requestSent(InetSocketAddress upstream, Transport transport) {}

  /** {@code upstream} answered with {@code rcode} (full code, extended bits included). */
  default void responseReceived(
      InetSocketAddress upstream, Transport transport, int rcode, long durationNanos) {}

  /** An exchange with {@code upstream} failed; the next upstream is tried if time remains. */
  default void requestFailed(
      InetSocketAddress upstream,
      Transport transport,
      UpstreamException.Kind kind,
      long durationNanos) {}

  /** A health probe to {@code upstream} got no response. */
  default void healthCheckFailed(InetSocketAddress upstream) {}

  /** {@code upstream} reached its max_fails and is now skipped while others are up. */
  default void upstreamDown(InetSocketAddress upstream) {}

  /** {@code upstream} answered again after having been down. */
  default void upstreamUp(InetSocketAddress upstream) {}

  /** Every upstream of a block was down, so one was tried anyway (CoreDNS's healthcheck_broken). */
  default void allUpstreamsDown() {}

  /** A query was refused because max_concurrent queries were already being forwarded. */
  default void maxConcurrentRejected() {}
}
