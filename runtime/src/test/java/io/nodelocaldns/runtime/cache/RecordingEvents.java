package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.plugin.Request;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the cache's events as strings such as {@code "hit:success"}, in order. */
final class RecordingEvents implements CacheEvents {
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void hit(Request request, CacheTier tier) {
    events.add("hit:" + tier.label());
  }

  @Override
  public void servedStale(Request request, CacheTier tier) {
    events.add("stale:" + tier.label());
  }

  @Override
  public void miss(Request request) {
    events.add("miss");
  }

  @Override
  public void prefetch(Request request) {
    events.add("prefetch");
  }

  @Override
  public void dropped(Request request) {
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
