package io.nodelocaldns.runtime.forward;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.upstream.Upstream;
import io.nodelocaldns.runtime.upstream.UpstreamException;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One upstream query's walk through a block's upstreams: the first in order gets the query; if it
 * fails (no answer in time, refused, closed, malformed) the next gets it, until one answers, the
 * list ends or the overall deadline passes. A truncated UDP answer is asked again over TCP of the
 * same upstream. Any answer counts, SERVFAIL and REFUSED included: that is the upstream's word.
 */
final class ForwardAttempt {
  private final DnsQuery query;
  private final List<Upstream> order;
  private final Transport transport;
  private final Duration attemptTimeout;
  private final long deadlineNanos;
  private final CompletableFuture<CanonicalResponse> result = new CompletableFuture<>();
  private final List<String> failures = new ArrayList<>();

  /** Index of the next upstream to try; attempts run one after another, never at once. */
  private int next;

  private ForwardAttempt(
      DnsQuery query,
      List<Upstream> order,
      Transport transport,
      Duration attemptTimeout,
      long deadlineNanos) {
    this.query = query;
    this.order = order;
    this.transport = transport;
    this.attemptTimeout = attemptTimeout;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * Forwards {@code query} (an upstream query) to {@code order}; completes with the first answer or
   * fails with a {@link ForwardException} listing what each upstream did.
   *
   * @param deadlineNanos the {@link System#nanoTime()} by which it gives up
   * @param timer where the deadline is kept
   */
  static CompletableFuture<CanonicalResponse> run(
      DnsQuery query,
      List<Upstream> order,
      Transport transport,
      Duration attemptTimeout,
      long deadlineNanos,
      EventExecutor timer) {
    ForwardAttempt attempt =
        new ForwardAttempt(query, order, transport, attemptTimeout, deadlineNanos);
    attempt.armDeadline(timer);
    attempt.tryNext();
    return attempt.result;
  }

  private void armDeadline(EventExecutor timer) {
    try {
      ScheduledFuture<?> deadline =
          timer.schedule(
              () -> giveUp("no answer within the deadline"),
              Math.max(0, deadlineNanos - System.nanoTime()),
              TimeUnit.NANOSECONDS);
      result.whenComplete((response, failure) -> deadline.cancel(false));
    } catch (RejectedExecutionException e) {
      giveUp("shutting down");
    }
  }

  private void tryNext() {
    Upstream upstream;
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      if (next >= order.size()) {
        upstream = null;
      } else {
        upstream = order.get(next++);
      }
    }
    Duration left = remaining();
    if (upstream == null || !left.isPositive()) {
      giveUp(upstream == null ? "every upstream failed" : "no answer within the deadline");
      return;
    }
    upstream
        .exchange(query, transport, min(attemptTimeout, left))
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                failed(failure);
              } else if (response.truncated() && transport == Transport.UDP) {
                retryOverTcp(upstream);
              } else {
                result.complete(response);
              }
            });
  }

  private void retryOverTcp(Upstream upstream) {
    Duration left = remaining();
    if (!left.isPositive()) {
      giveUp("no answer within the deadline");
      return;
    }
    upstream
        .exchange(query, Transport.TCP, min(attemptTimeout, left))
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                failed(failure);
              } else {
                result.complete(response);
              }
            });
  }

  private void failed(Throwable failure) {
    Throwable cause = UpstreamException.unwrap(failure);
    synchronized (this) {
      failures.add(cause instanceof UpstreamException ? cause.getMessage() : String.valueOf(cause));
    }
    tryNext();
  }

  private void giveUp(String why) {
    String message;
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      message = failures.isEmpty() ? why : why + ": " + String.join("; ", failures);
    }
    result.completeExceptionally(new ForwardException(message));
  }

  private Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
