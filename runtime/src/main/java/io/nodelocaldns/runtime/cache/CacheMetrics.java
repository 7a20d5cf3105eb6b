package io.nodelocaldns.runtime.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nodelocaldns.runtime.metrics.Labels;
import io.nodelocaldns.runtime.metrics.Lazy;
import io.nodelocaldns.runtime.metrics.MeterSlots;
import io.nodelocaldns.runtime.metrics.ServerLabels;
import io.nodelocaldns.runtime.plugin.Request;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

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
  public static final String ENTRIES = "coredns.cache.entries";
  public static final String REQUESTS = "coredns.cache.requests";
  public static final String HITS = "coredns.cache.hits";
  public static final String MISSES = "coredns.cache.misses";
  public static final String PREFETCH = "coredns.cache.prefetch";
  public static final String SERVED_STALE = "coredns.cache.served.stale";
  public static final String DROPS = "coredns.cache.drops";
  public static final String EVICTIONS = "coredns.cache.evictions";

  private static final int TIERS = CacheTier.values().length;

  private final MeterRegistry registry;
  private final ServerLabels servers;
  private final String zones;
  private final ConcurrentHashMap<InetSocketAddress, ServerMeters> byServer =
      new ConcurrentHashMap<>();

  /**
   * Several addresses share a label (a wildcard's: each address it has a socket on, and TCP's local
   * addresses): one set of meters per label, so the entries gauges are registered once.
   */
  private final ConcurrentHashMap<String, ServerMeters> byLabel = new ConcurrentHashMap<>();

  private final Function<InetSocketAddress, ServerMeters> newServer = this::newServerMeters;

  /** Who the next evictions are charged to: the server of the latest miss or refresh. */
  private volatile ServerMeters lastStore;

  private volatile ToIntFunction<CacheTier> entries = tier -> 0;

  public CacheMetrics(MeterRegistry registry, ServerLabels servers, List<String> zones) {
    this.registry = registry;
    this.servers = servers;
    this.zones = Labels.zones(zones);
  }

  /**
   * {@code nodelocaldns_cache_memory_bytes}, {@code nodelocaldns_cache_memory_budget_bytes}: what
   * every cache weighs together against its budget; and answers not cached for their size, {@code
   * nodelocaldns_cache_too_large_total}.
   */
  public static void measure(MeterRegistry registry, CacheMemory memory) {
    Gauge.builder("nodelocaldns.cache.memory", memory, CacheMemory::usedBytes)
        .description("What the cached answers of every block weigh together")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("nodelocaldns.cache.memory.budget", memory, CacheMemory::budgetBytes)
        .description("The most the cached answers of every block may weigh together")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder("nodelocaldns.cache.too.large", memory, CacheMemory::tooLarge)
        .description("Answers served but not cached: larger than the largest cacheable answer")
        .register(registry);
  }

  /** The newest cache of the block reports its sizes (a reload's replacement takes over). */
  @Override
  public void entriesCountedBy(ToIntFunction<CacheTier> counter) {
    this.entries = counter;
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
    return byLabel.computeIfAbsent(servers.label(server), ServerMeters::new);
  }

  private int entries(CacheTier tier) {
    return entries.applyAsInt(tier);
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
