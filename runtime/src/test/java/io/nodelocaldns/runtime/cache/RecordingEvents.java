package io.nodelocaldns.runtime.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the cache's events as strings such as {@code "hit:success"}, in order. */
final class RecordingEvents implements CacheEvents {
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void hit(CacheTier tier) {
    events.add("hit:" + tier.label());
  }

  @Override
  public void servedStale(CacheTier tier) {
    events.add("stale:" + tier.label());
  }

  @Override
  public void miss() {
    events.add("miss");
  }

  @Override
  public void prefetch() {
    events.add("prefetch");
  }

  @Override
  public void dropped() {
    events.add("dropped");
  }

  @Override
  public void evicted(CacheTier tier) {
    events.add("evicted:" + tier.label());
  }

  List<String> all() {
    return List.copyOf(events);
  }

  long count(String event) {
    return events.stream().filter(event::equals).count();
  }
}
