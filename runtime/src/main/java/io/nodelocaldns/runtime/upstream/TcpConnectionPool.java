package io.nodelocaldns.runtime.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsQuery;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TCP connections to one upstream: one pipelined {@link TcpUpstreamConnection} per event loop
 * that asks, living on that loop, opened on demand and reopened when it has closed (after {@code
 * expire} idle, or by the server). Queries that arrive while it connects wait for that same
 * connection.
 *
 * <p>Per loop, as {@link UdpSocketPool}'s sockets: with one connection for all loops, every
 * response was read, matched and answered on that connection's loop while the others handed their
 * queries over to it, and misses under {@code force_tcp} ran at one core's speed. Here a query is
 * sent, answered and completed on the loop that asked, and each loop's connection state is touched
 * by that loop alone, without locks. A caller outside the group (a test, a health check on another
 * thread) uses the pool's home loop, one of the group's.
 */
public final class TcpConnectionPool implements AutoCloseable {
  private final Bootstrap bootstrap;
  private final InetSocketAddress upstream;
  private final Duration expire;
  private final EventLoop home;
  private final PerLoop<LoopConnection> byLoop;
  private final AtomicLong opened = new AtomicLong();
  private volatile boolean closed;

  TcpConnectionPool(
      EventLoopGroup group, Bootstrap bootstrap, InetSocketAddress upstream, Duration expire) {
    this.bootstrap = bootstrap;
    this.upstream = upstream;
    this.expire = expire;
    this.home = (EventLoop) group.next();
    this.byLoop = new PerLoop<>(group, LoopConnection::new);
  }

  /**
   * Sends {@code query} over the calling loop's connection, opening it if needed; the whole
   * exchange, connecting included, gets {@code timeout}. A query that fails because a reused
   * connection turned out to be closed (the server dropped it while idle) is retried once on a new
   * connection.
   */
  public CompletableFuture<CanonicalResponse> exchange(DnsQuery query, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    LoopConnection own = byLoop.callers();
    if (own != null) {
      return own.exchange(query, deadline, true);
    }
    LoopConnection connection = byLoop.of(home);
    CompletableFuture<CanonicalResponse> result = new CompletableFuture<>();
    try {
      home.execute(
          () ->
              connection
                  .exchange(query, deadline, true)
                  .whenComplete(
                      (response, failure) -> {
                        if (failure != null) {
                          result.completeExceptionally(failure);
                        } else {
                          result.complete(response);
                        }
                      }));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(clientClosed());
    }
    return result;
  }

  /** Connections opened so far, on every loop, for tests and metrics. */
  public long connectionsOpened() {
    return opened.get();
  }

  /** Whether a connection is open (or opening) right now, on any loop. */
  public boolean hasOpenConnection() {
    for (LoopConnection connection : byLoop.all()) {
      CompletableFuture<TcpUpstreamConnection> current = connection.current;
      if (current != null && usable(current)) {
        return true;
      }
    }
    return false;
  }

  /** Closes every loop's connection (queries on it fail) and takes no more queries. */
  @Override
  public void close() {
    closed = true;
    byLoop.closeEach(LoopConnection::close);
  }

  private UpstreamException clientClosed() {
    return new UpstreamException(
        UpstreamException.Kind.IO, upstream, Transport.TCP, "client closed");
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

  /**
   * One event loop's connection; used on that loop only ({@link #current} is volatile for {@link
   * #hasOpenConnection()} alone).
   */
  private final class LoopConnection {
    private final EventLoop loop;
    private volatile CompletableFuture<TcpUpstreamConnection> current;

    LoopConnection(EventLoop loop) {
      this.loop = loop;
    }

    CompletableFuture<CanonicalResponse> exchange(DnsQuery query, long deadline, boolean mayRetry) {
      if (closed) {
        return CompletableFuture.failedFuture(clientClosed());
      }
      CompletableFuture<TcpUpstreamConnection> connection = current;
      boolean reused = connection != null && usable(connection);
      if (!reused) {
        opened.incrementAndGet();
        connection =
            TcpUpstreamConnection.open(bootstrap, loop, upstream, expire, remaining(deadline));
        current = connection;
      }
      boolean wasReused = reused && connection.isDone();
      return connection
          .thenCompose(c -> c.exchange(query, remaining(deadline)))
          .exceptionallyCompose(
              e -> {
                Throwable cause = UpstreamException.unwrap(e);
                boolean staleConnection =
                    cause instanceof UpstreamException u
                        && u.kind() == UpstreamException.Kind.CLOSED
                        && wasReused;
                if (mayRetry && staleConnection && remaining(deadline).isPositive()) {
                  return exchange(query, deadline, false);
                }
                return CompletableFuture.failedFuture(cause);
              });
    }

    void close() {
      CompletableFuture<TcpUpstreamConnection> last = current;
      current = null;
      if (last != null) {
        last.thenAccept(TcpUpstreamConnection::close);
      }
    }
  }
}
