package io.nodelocaldns.runtime.forward;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code policy random} (CoreDNS's default): a fresh random order for every query. */
final class RandomPolicy implements UpstreamPolicy {
  @Override
  public <T> List<T> order(List<T> upstreams) {
    List<T> shuffled = new ArrayList<>(upstreams);
    // load spreading, not security: a fast non-cryptographic source is right here
    Collections.shuffle(shuffled, ThreadLocalRandom.current());
    return shuffled;
  }
}
