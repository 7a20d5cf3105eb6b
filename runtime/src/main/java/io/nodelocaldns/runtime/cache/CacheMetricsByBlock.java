package io.nodelocaldns.runtime.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.metrics.ServerLabels;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's cache metrics, one {@link CacheMetrics} per block's cache. A block built again by a
 * reload (same zones, port and {@code bind}, same cache zones) gets the same one back, so {@code
 * coredns_cache_entries}, registered once, follows the newest cache instead of the retired one.
 */
final class CacheMetricsByBlock {
  private final MeterRegistry registry;
  private final Map<Identity, CacheMetrics> byIdentity = new ConcurrentHashMap<>();

  CacheMetricsByBlock(MeterRegistry registry) {
    this.registry = registry;
  }

  /** What a cache's series are told apart by: its block's listeners and its zones. */
  private record Identity(
      List<String> blockZones, int port, List<InetAddress> bind, List<String> cacheZones) {}

  CacheMetrics of(ServerConfig block, CacheConfig cache) {
    List<InetAddress> bound = BindConfig.of(block).addresses();
    Identity identity = new Identity(block.zones(), block.port(), bound, cache.zones());
    return byIdentity.computeIfAbsent(
        identity, key -> new CacheMetrics(registry, ServerLabels.of(bound), cache.zones()));
  }
}
