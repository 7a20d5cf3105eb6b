package io.nodelocaldns.runtime.upstream;

import io.netty.bootstrap.Bootstrap;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsQuery;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TCP connection to one upstream: a single pipelined {@link TcpUpstreamConnection}, opened on
 * demand, shared by every query, reopened when it has closed (after {@code expire} idle, or by the
 * server). Queries that arrive while it connects wait for that same connection.
 */
public final class TcpConnectionPool implements AutoCloseable {
  private final Bootstrap bootstrap;
  private final InetSocketAddress upstream;
  private final Duration expire;
  private final AtomicLong opened = new AtomicLong();
  private CompletableFuture<TcpUpstreamConnection> current;
  private boolean closed;

  TcpConnectionPool(Bootstrap bootstrap, InetSocketAddress upstream, Duration expire) {
    this.bootstrap = bootstrap;
    this.upstream = upstream;
    this.expire = expire;
  }

  /**
   * Sends {@code query} over the shared connection, opening it if needed; the whole exchange,
   * connecting included, gets {@code timeout}. A query that fails because a reused connection
   * turned out to be closed (the server dropped it while idle) is retried once on a new connection.
   */
  public CompletableFuture<CanonicalResponse> exchange(DnsQuery query, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return exchange(query, deadline, true);
  }

  private CompletableFuture<CanonicalResponse> exchange(
      DnsQuery query, long deadline, boolean mayRetry) {
    Connection connection = connection(remaining(deadline));
    if (connection == null) {
      return CompletableFuture.failedFuture(
          new UpstreamException(
              UpstreamException.Kind.IO, upstream, Transport.TCP, "client closed"));
    }
    return connection
        .future()
        .thenCompose(c -> c.exchange(query, remaining(deadline)))
        .exceptionallyCompose(
            e -> {
              Throwable cause = UpstreamException.unwrap(e);
              boolean staleConnection =
                  cause instanceof UpstreamException u
                      && u.kind() == UpstreamException.Kind.CLOSED
                      && connection.reused();
              if (mayRetry && staleConnection && remaining(deadline).isPositive()) {
                return exchange(query, deadline, false);
              }
              return CompletableFuture.failedFuture(cause);
            });
  }

  /** Connections opened so far, for tests and metrics. */
  public long connectionsOpened() {
    return opened.get();
  }

  /** Whether a connection is open (or opening) right now. */
  public synchronized boolean hasOpenConnection() {
    return current != null && usable(current);
  }

  @Override
  public void close() {
    CompletableFuture<TcpUpstreamConnection> last;
    synchronized (this) {
      closed = true;
      last = current;
      current = null;
    }
    if (last != null) {
      last.thenAccept(TcpUpstreamConnection::close);
    }
  }

  private synchronized Connection connection(Duration connectTimeout) {
    if (closed) {
      return null;
    }
    if (current != null && usable(current)) {
      return new Connection(current, current.isDone());
    }
    opened.incrementAndGet();
    current = TcpUpstreamConnection.open(bootstrap, upstream, expire, connectTimeout);
    return new Connection(current, false);
  }

  private static boolean usable(CompletableFuture<TcpUpstreamConnection> connection) {
    if (!connection.isDone()) {
      return true; // still connecting: wait for it with the others
    }
    return !connection.isCompletedExceptionally() && connection.join().isActive();
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private record Connection(CompletableFuture<TcpUpstreamConnection> future, boolean reused) {}
}
