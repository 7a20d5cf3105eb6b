package io.nodelocaldns.runtime.upstream;

import io.netty.util.concurrent.EventExecutor;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsQuery;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream server: its address, its TCP connection, and its health.
 *
 * <p>Health works as CoreDNS's: nothing is probed while queries succeed. A failed exchange counts a
 * failure and starts the health checker, which sends {@code . IN NS} over the block's transport at
 * once and then every {@code interval} until one gets any response. Every failed query or probe
 * counts; after {@code maxFails} in a row the upstream is down (skipped while others are up). Any
 * response, to a query or a probe, resets the count and marks it up. {@code maxFails} 0 disables
 * all of this: the upstream is never down and never probed.
 */
public final class Upstream implements AutoCloseable {
  private final InetSocketAddress address;
  private final UpstreamClient client;
  private final TcpConnectionPool tcp;
  private final UdpSocketPool udp;
  private final Settings settings;
  private final UpstreamListener listener;
  private final EventExecutor prober;
  private final AtomicInteger fails = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * How an upstream is used and checked.
   *
   * @param expire how long its idle TCP connection is kept (0: closed as soon as it is idle)
   * @param maxFails failures in a row after which it is down; 0 never, and no probes
   * @param healthCheckInterval time between probes while it fails; 0 no probes
   * @param healthCheckTransport the transport probes use (TCP under {@code force_tcp})
   * @param healthCheckTimeout how long a probe waits for its response
   * @param healthProbe the query a probe sends ({@link UpstreamQuery#probe()} by default)
   */
  public record Settings(
      Duration expire,
      int maxFails,
      Duration healthCheckInterval,
      Transport healthCheckTransport,
      Duration healthCheckTimeout,
      DnsQuery healthProbe) {

    public Settings {
      if (maxFails < 0
          || expire.isNegative()
          || healthCheckInterval.isNegative()
          || !healthCheckTimeout.isPositive()) {
        throw new IllegalArgumentException(
            "maxFails: "
                + maxFails
                + ", expire: "
                + expire
                + ", healthCheckInterval: "
                + healthCheckInterval
                + ", healthCheckTimeout: "
                + healthCheckTimeout
                + " (expected: maxFails, expire, interval >= 0; timeout > 0)");
      }
    }
  }

  public Upstream(
      InetSocketAddress address,
      UpstreamClient client,
      Settings settings,
      UpstreamListener listener) {
    this.address = address;
    this.client = client;
    this.tcp = client.tcpPool(address, settings.expire());
    this.udp = client.udpPool(address);
    this.settings = settings;
    this.listener = listener;
    this.prober = client.group().next();
  }

  public InetSocketAddress address() {
    return address;
  }

  /** Whether it failed {@code maxFails} times in a row and has not answered since. */
  public boolean isDown() {
    return down.get();
  }

  /** Consecutive failures so far. */
  public int fails() {
    return fails.get();
  }

  /** Whether the health checker is probing it right now. */
  public boolean isProbing() {
    return probing.get();
  }

  /** The TCP connection pool, for tests and metrics. */
  public TcpConnectionPool tcp() {
    return tcp;
  }

  /**
   * Sends {@code query} (an {@link UpstreamQuery}) over {@code transport}; records the outcome in
   * the upstream's health and in the listener.
   */
  public CompletableFuture<CanonicalResponse> exchange(
      DnsQuery query, Transport transport, Duration timeout) {
    listener.requestSent(address, transport);
    long start = System.nanoTime();
    return send(query, transport, timeout)
        .whenComplete(
            (response, failure) -> {
              long elapsed = System.nanoTime() - start;
              if (failure == null) {
                listener.responseReceived(address, transport, response.rcode(), elapsed);
                answered();
              } else {
                listener.requestFailed(address, transport, kind(failure), elapsed);
                failed();
                startProbing();
              }
            });
  }

  /** Stops probing and closes the TCP connection and the UDP sockets. */
  @Override
  public void close() {
    closed = true;
    tcp.close();
    udp.close();
  }

  @Override
  public String toString() {
    return Upstreams.label(address) + (isDown() ? " (down)" : "");
  }

  private CompletableFuture<CanonicalResponse> send(
      DnsQuery query, Transport transport, Duration timeout) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new UpstreamException(UpstreamException.Kind.IO, address, transport, "upstream closed"));
    }
    return transport == Transport.TCP ? tcp.exchange(query, timeout) : udp.exchange(query, timeout);
  }

  private void answered() {
    fails.set(0);
    if (down.compareAndSet(true, false)) {
      listener.upstreamUp(address);
    }
  }

  private void failed() {
    if (settings.maxFails() == 0) {
      return;
    }
    if (fails.incrementAndGet() >= settings.maxFails() && down.compareAndSet(false, true)) {
      listener.upstreamDown(address);
    }
  }

  private void startProbing() {
    if (settings.maxFails() != 0
        && settings.healthCheckInterval().isPositive()
        && !closed
        && probing.compareAndSet(false, true)) {
      runProbe(0);
    }
  }

  private void runProbe(long delayNanos) {
    try {
      prober.schedule(this::probe, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      probing.set(false); // the event loops are shutting down
    }
  }

  private void probe() {
    if (closed) {
      probing.set(false);
      return;
    }
    send(settings.healthProbe(), settings.healthCheckTransport(), settings.healthCheckTimeout())
        .whenComplete(
            (response, failure) -> {
              if (failure == null) {
                answered();
                probing.set(false);
                return;
              }
              listener.healthCheckFailed(address);
              failed();
              if (closed) {
                probing.set(false);
                return;
              }
              runProbe(settings.healthCheckInterval().toNanos());
            });
  }

  private static UpstreamException.Kind kind(Throwable failure) {
    return UpstreamException.unwrap(failure) instanceof UpstreamException u
        ? u.kind()
        : UpstreamException.Kind.IO;
  }
}
