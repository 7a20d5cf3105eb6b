package io.nodelocaldns.runtime.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The order in which a query tries a block's upstreams: CoreDNS's {@code policy}. Implementations
 * return a new list and never change the one given; they must be thread-safe.
 */
public interface UpstreamPolicy {

  /** {@code upstreams} in the order this policy tries them for one query. */
  <T> List<T> order(List<T> upstreams);

  /**
   * The order one query tries {@code upstreams} in: those not down in this policy's order, then the
   * down ones as a last resort. When every one is down the health checks may themselves be broken,
   * so, as CoreDNS does, the order is random.
   */
  default <T> List<T> attemptOrder(List<T> upstreams, Predicate<? super T> isDown) {
    List<T> ordered = order(upstreams);
    List<T> healthy = new ArrayList<>(ordered.size());
    List<T> down = new ArrayList<>();
    for (T upstream : ordered) {
      (isDown.test(upstream) ? down : healthy).add(upstream);
    }
    if (healthy.isEmpty()) {
      return new RandomPolicy().order(upstreams);
    }
    healthy.addAll(down);
    return healthy;
  }

  /** The policy named in the Corefile. */
  static UpstreamPolicy of(ForwardConfig.Policy policy) {
    return switch (policy) {
      case RANDOM -> new RandomPolicy();
      case ROUND_ROBIN -> new RoundRobinPolicy();
      case SEQUENTIAL -> new SequentialPolicy();
    };
  }
}
