package io.nodelocaldns.runtime.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import io.nodelocaldns.runtime.plugin.SharedResources;
import java.util.List;
import java.util.Optional;

/** The {@code cache} directive: answers from memory, with success and denial tiers. */
public final class CachePlugin implements Plugin<CacheConfig> {
  public static final String NAME = "cache";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<CacheConfig> configType() {
    return CacheConfig.class;
  }

  @Override
  public CacheConfig parse(List<Directive> lines, SetupContext context) {
    return CacheSetup.parse(lines.get(0), context.blockZones());
  }

  /** The byte budget every block's cache shares, measured from the start. */
  @Override
  public void registerMetrics(MeterRegistry registry, SharedResources shared) {
    CacheMetrics.measure(registry, memory(shared));
  }

  /**
   * Every block's cache stores in the runtime's one {@link CacheMemory}; with metrics, a block
   * built again by a reload reports under the same series.
   */
  @Override
  public Optional<HandlerFactory> handler(CacheConfig config, ChainContext context) {
    CacheMemory memory = memory(context.shared());
    CacheEvents events =
        context
            .metrics()
            .<CacheEvents>map(
                registry ->
                    context
                        .shared()
                        .get(CacheMetricsByBlock.class, () -> new CacheMetricsByBlock(registry))
                        .of(context.block(), config))
            .orElse(CacheEvents.NONE);
    BlockCaches caches = blockCaches(context.shared());
    String block = BlockCaches.keyOf(context.block());
    // refreshes start on the thread that finds them due
    return Optional.of(
        next -> {
          CacheHandler cache =
              new CacheHandler(config, next, context.clock(), Runnable::run, events, memory);
          cache.onClose(() -> caches.unregister(block, cache));
          caches.register(block, cache);
          return cache;
        });
  }

  /** The runtime's caches by block, which warm restarts dump and fill. */
  public static BlockCaches blockCaches(SharedResources shared) {
    return shared.get(BlockCaches.class, BlockCaches::new);
  }

  /** The byte budget and Ehcache manager every block's cache shares. */
  public static CacheMemory memory(SharedResources shared) {
    return shared.get(CacheMemory.class, CacheMemory::withDefaultBudget);
  }
}
