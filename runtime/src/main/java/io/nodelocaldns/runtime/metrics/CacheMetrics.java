package io.nodelocaldns.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nodelocaldns.runtime.cache.CacheEvents;
import io.nodelocaldns.runtime.cache.CacheHandler;
import io.nodelocaldns.runtime.cache.CacheTier;
import io.nodelocaldns.runtime.plugin.Request;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@code coredns_cache_*} metrics of one block's cache, labelled by {@code server} (the
 * listener of the query) and {@code zones} (the cache's zones, comma-separated), as CoreDNS: {@code
 * requests = hits + misses}, where a stale answer counts as a hit of its tier and as {@code
 * served_stale}.
 *
 * <p>Evictions are reported by the store that made room, without its query; they are counted under
 * the server whose query last went to the next handler, which is exact for a block on one address.
 * The block's one cache serves all its addresses, so {@code coredns_cache_entries} shows the same
 * sizes under each of its server labels.
 */
public final class CacheMetrics implements CacheEvents {
  static final String ENTRIES = "coredns.cache.entries";
  static final String REQUESTS = "coredns.cache.requests";
  static final String HITS = "coredns.cache.hits";
  static final String MISSES = "coredns.cache.misses";
  static final String PREFETCH = "coredns.cache.prefetch";
  static final String SERVED_STALE = "coredns.cache.served.stale";
  static final String DROPS = "coredns.cache.drops";
  static final String EVICTIONS = "coredns.cache.evictions";

  private static final int TIERS = CacheTier.values().length;

  private final MeterRegistry registry;
  private final ServerLabels servers;
  private final String zones;
  private final ConcurrentHashMap<InetSocketAddress, ServerMeters> byServer =
      new ConcurrentHashMap<>();
  private final Function<InetSocketAddress, ServerMeters> newServer = this::newServerMeters;

  /** Who the next evictions are charged to: the server of the latest miss or refresh. */
  private volatile ServerMeters lastStore;

  private volatile CacheHandler cache;

  CacheMetrics(MeterRegistry registry, ServerLabels servers, List<String> zones) {
    this.registry = registry;
    this.servers = servers;
    this.zones = Labels.zones(zones);
  }

  /** Reports {@code handler}'s sizes as {@code coredns_cache_entries}; returns it. */
  public CacheHandler measure(CacheHandler handler) {
    this.cache = handler;
    return handler;
  }

  @Override
  public void hit(Request request, CacheTier tier) {
    ServerMeters meters = meters(request);
    meters.requests.increment();
    meters.hits.get(tier.ordinal()).increment();
  }

  @Override
  public void servedStale(Request request, CacheTier tier) {
    ServerMeters meters = meters(request);
    meters.requests.increment();
    meters.hits.get(tier.ordinal()).increment();
    meters.servedStale.get().increment();
  }

  @Override
  public void miss(Request request) {
    ServerMeters meters = meters(request);
    meters.requests.increment();
    meters.misses.get().increment();
    lastStore = meters;
  }

  @Override
  public void prefetch(Request request) {
    ServerMeters meters = meters(request);
    meters.prefetches.get().increment();
    lastStore = meters;
  }

  @Override
  public void dropped(Request request) {
    meters(request).drops.get().increment();
  }

  @Override
  public void evicted(CacheTier tier) {
    ServerMeters meters = lastStore;
    if (meters != null) {
      meters.evictions.get(tier.ordinal()).increment();
    }
  }

  private ServerMeters meters(Request request) {
    ServerMeters meters = byServer.get(request.server());
    return meters != null ? meters : byServer.computeIfAbsent(request.server(), newServer);
  }

  private ServerMeters newServerMeters(InetSocketAddress server) {
    return new ServerMeters(servers.label(server));
  }

  private int entries(CacheTier tier) {
    CacheHandler handler = cache;
    return handler == null ? 0 : handler.entries(tier);
  }

  /** The meters of one server label. */
  private final class ServerMeters {
    final Counter requests;
    final Lazy<Counter> misses;
    final Lazy<Counter> servedStale;
    final Lazy<Counter> prefetches;
    final Lazy<Counter> drops;
    final MeterSlots<Counter> hits;
    final MeterSlots<Counter> evictions;

    ServerMeters(String server) {
      Tags tags = Tags.of("server", server, "zones", zones, "view", Labels.NO_VIEW);
      requests = counter(REQUESTS, "Queries the cache was asked", tags);
      misses = new Lazy<>(() -> counter(MISSES, "Queries the cache could not answer", tags));
      servedStale =
          new Lazy<>(() -> counter(SERVED_STALE, "Queries answered from expired entries", tags));
      prefetches =
          new Lazy<>(() -> counter(PREFETCH, "Entries refreshed before they expired", tags));
      drops =
          new Lazy<>(
              () ->
                  counter(
                      DROPS, "Responses not cached because they answer another question", tags));
      hits =
          new MeterSlots<>(
              TIERS,
              i ->
                  counter(
                      HITS,
                      "Queries answered from the cache, per tier",
                      tags.and("type", CacheTier.values()[i].label())));
      evictions =
          new MeterSlots<>(
              TIERS,
              i ->
                  counter(
                      EVICTIONS,
                      "Entries evicted to make room, per tier",
                      tags.and("type", CacheTier.values()[i].label())));
      for (CacheTier tier : CacheTier.values()) {
        Gauge.builder(ENTRIES, CacheMetrics.this, metrics -> metrics.entries(tier))
            .description("Entries in the cache, per tier")
            .tags(tags.and("type", tier.label()))
            .strongReference(true)
            .register(registry);
      }
    }

    private Counter counter(String name, String description, Tags tags) {
      return Counter.builder(name).description(description).tags(tags).register(registry);
    }
  }
}
