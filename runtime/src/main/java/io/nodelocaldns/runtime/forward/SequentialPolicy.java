package io.nodelocaldns.runtime.forward;

import java.util.List;

/** {@code policy sequential}: always the order written, so later upstreams are only fallbacks. */
final class SequentialPolicy implements UpstreamPolicy {
  @Override
  public <T> List<T> order(List<T> upstreams) {
    return List.copyOf(upstreams);
  }
}
