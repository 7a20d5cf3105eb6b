package io.nodelocaldns.runtime.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code policy round_robin}: each query starts one upstream further along the list than the one
 * before, and goes on from there in list order.
 */
final class RoundRobinPolicy implements UpstreamPolicy {
  private final AtomicInteger next = new AtomicInteger();

  @Override
  public <T> List<T> order(List<T> upstreams) {
    int size = upstreams.size();
    if (size <= 1) {
      return List.copyOf(upstreams);
    }
    int start = Math.floorMod(next.getAndIncrement(), size);
    List<T> rotated = new ArrayList<>(size);
    rotated.addAll(upstreams.subList(start, size));
    rotated.addAll(upstreams.subList(0, start));
    return rotated;
  }
}
