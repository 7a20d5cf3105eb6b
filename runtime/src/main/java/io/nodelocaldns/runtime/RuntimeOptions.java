package io.nodelocaldns.runtime;

import io.nodelocaldns.runtime.transport.NettyTransport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a runtime runs, apart from its Corefile.
 *
 * @param transport epoll or NIO
 * @param eventLoops event loop threads, and UDP sockets per address (SO_REUSEPORT)
 * @param clock the time cache TTLs are measured with (tests move it by hand)
 * @param onFatal called, with the message already logged at {@code [FATAL]}, when the runtime must
 *     not go on (the {@code loop} directive found a forwarding loop); CoreDNS exits with status 1
 *     then, which {@link #EXIT_ON_FATAL} does; tests record the message instead
 * @param stateDirectory where warm restarts keep the cache's snapshot and hand-over socket; empty:
 *     every start is cold
 */
public record RuntimeOptions(
    NettyTransport transport,
    int eventLoops,
    Clock clock,
    Consumer<String> onFatal,
    Optional<Path> stateDirectory) {
  /** The exit status after a fatal error, as CoreDNS's {@code log.Fatal}. */
  public static final int FATAL_STATUS = 1;

  /** Ends the process with {@link #FATAL_STATUS}, as CoreDNS does. */
  public static final Consumer<String> EXIT_ON_FATAL = message -> System.exit(FATAL_STATUS);

  public RuntimeOptions {
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: >= 1)");
    }
    Objects.requireNonNull(onFatal, "onFatal");
    Objects.requireNonNull(stateDirectory, "stateDirectory");
  }

  /** The best transport, one event loop per core, the system clock, exit on a fatal error. */
  public static RuntimeOptions defaults() {
    return new RuntimeOptions(
        NettyTransport.best(),
        Runtime.getRuntime().availableProcessors(),
        Clock.systemUTC(),
        EXIT_ON_FATAL,
        Optional.empty());
  }

  public RuntimeOptions withClock(Clock newClock) {
    return new RuntimeOptions(transport, eventLoops, newClock, onFatal, stateDirectory);
  }

  public RuntimeOptions withOnFatal(Consumer<String> newOnFatal) {
    return new RuntimeOptions(transport, eventLoops, clock, newOnFatal, stateDirectory);
  }

  /** Warm restarts through {@code directory} (see {@link io.nodelocaldns.runtime.warm}). */
  public RuntimeOptions withStateDirectory(Path directory) {
    return new RuntimeOptions(transport, eventLoops, clock, onFatal, Optional.of(directory));
  }
}
