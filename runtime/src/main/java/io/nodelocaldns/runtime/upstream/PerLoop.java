package io.nodelocaldns.runtime.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One {@code T} per event loop of a group, made up front, each used on its own loop only: how the
 * upstream pools ({@link UdpSocketPool}, {@link TcpConnectionPool}) keep their sockets and
 * connections without locks, a query staying on the loop that asks.
 */
final class PerLoop<T> {
  /** Filled here and only read after, so any thread may read it. */
  private final Map<EventExecutor, T> byLoop = new IdentityHashMap<>();

  PerLoop(EventLoopGroup group, Function<EventLoop, T> create) {
    for (EventExecutor loop : group) {
      byLoop.put(loop, create.apply((EventLoop) loop));
    }
  }

  /** The calling thread's, or null when it is not one of the group's loops. */
  T callers() {
    for (Map.Entry<EventExecutor, T> entry : byLoop.entrySet()) {
      if (entry.getKey().inEventLoop()) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** {@code loop}'s, one of the group's. */
  T of(EventExecutor loop) {
    return byLoop.get(loop);
  }

  Collection<T> all() {
    return byLoop.values();
  }

  /**
   * Runs {@code close} on each loop's own {@code T}, as a task of that loop; on the calling thread
   * when the loop takes no more tasks (the group is shutting down, and its channels with it).
   */
  void closeEach(Consumer<T> close) {
    for (Map.Entry<EventExecutor, T> entry : byLoop.entrySet()) {
      T value = entry.getValue();
      try {
        entry.getKey().execute(() -> close.accept(value));
      } catch (RejectedExecutionException shuttingDown) {
        close.accept(value);
      }
    }
  }
}
