package io.nodelocaldns.runtime;

import io.nodelocaldns.runtime.forward.ForwardTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Chains a reload replaced, closed only once the queries already inside them have finished: no
 * query outlives the forward deadline, so after {@link #GRACE} nothing is left in flight. Closing
 * the runtime closes what is still waiting at once.
 */
final class RetiredChains implements AutoCloseable {
  /** The longest a query can be in a chain (the forward deadline), and a little more. */
  static final Duration GRACE = ForwardTimeouts.DEFAULT_OVERALL.plusMillis(500);

  private final ScheduledExecutorService timer;
  private final Set<BlockChain> waiting = new LinkedHashSet<>();

  RetiredChains(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Closes {@code chains} after {@link #GRACE}. */
  void retire(Collection<BlockChain> chains) {
    if (chains.isEmpty()) {
      return;
    }
    List<BlockChain> batch = List.copyOf(chains);
    synchronized (this) {
      waiting.addAll(batch);
    }
    try {
      timer.schedule(() -> closeNow(batch), GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      closeNow(batch); // the runtime is closing: nothing will be served any more
    }
  }

  /** Chains still waiting to be closed. */
  synchronized int waiting() {
    return waiting.size();
  }

  @Override
  public void close() {
    List<BlockChain> all;
    synchronized (this) {
      all = new ArrayList<>(waiting);
    }
    closeNow(all);
  }

  private void closeNow(List<BlockChain> chains) {
    for (BlockChain chain : chains) {
      boolean mine;
      synchronized (this) {
        mine = waiting.remove(chain);
      }
      if (mine) {
        chain.close();
      }
    }
  }
}
