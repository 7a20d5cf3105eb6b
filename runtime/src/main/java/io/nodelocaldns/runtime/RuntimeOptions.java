package io.nodelocaldns.runtime;

import io.nodelocaldns.runtime.server.NettyTransport;
import java.time.Clock;

/**
 * How a runtime runs, apart from its Corefile.
 *
 * @param transport epoll or NIO
 * @param eventLoops event loop threads, and UDP sockets per address (SO_REUSEPORT)
 * @param clock the time cache TTLs are measured with (tests move it by hand)
 */
public record RuntimeOptions(NettyTransport transport, int eventLoops, Clock clock) {
  public RuntimeOptions {
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: >= 1)");
    }
  }

  /** The best transport, one event loop per core, the system clock. */
  public static RuntimeOptions defaults() {
    return new RuntimeOptions(NettyTransport.best(), Runtime.getRuntime().availableProcessors(), Clock.systemUTC());
  }

  public RuntimeOptions withClock(Clock newClock) {
    return new RuntimeOptions(transport, eventLoops, newClock);
  }
}
