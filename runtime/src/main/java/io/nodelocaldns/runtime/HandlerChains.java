package io.nodelocaldns.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.cache.CacheConfig;
import io.nodelocaldns.runtime.cache.CacheEvents;
import io.nodelocaldns.runtime.cache.CacheHandler;
import io.nodelocaldns.runtime.cache.CacheMemory;
import io.nodelocaldns.runtime.corefile.Corefile;
import io.nodelocaldns.runtime.corefile.ServerConfig;
import io.nodelocaldns.runtime.errors.ErrorsHandler;
import io.nodelocaldns.runtime.forward.ForwardContext;
import io.nodelocaldns.runtime.forward.ForwardHandler;
import io.nodelocaldns.runtime.log.LogHandler;
import io.nodelocaldns.runtime.loop.LoopHandler;
import io.nodelocaldns.runtime.metrics.CacheMetrics;
import io.nodelocaldns.runtime.metrics.RuntimeMetrics;
import io.nodelocaldns.runtime.ops.HttpEndpoints;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.NoHandler;
import io.nodelocaldns.runtime.reload.ReloadEvents;
import io.nodelocaldns.runtime.server.ListenerEvents;
import io.nodelocaldns.runtime.server.NettyTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Builds each server block's handler chain in CoreDNS's fixed plugin order (prometheus, errors,
 * log, cache, loop, forward), whatever order the Corefile lists the directives in. Each {@link
 * Chain} holds what its handlers hold, so a reload can close one block's chain and keep the rest.
 * When any block has {@code prometheus}, it also owns the runtime's metrics and serves them on each
 * {@code prometheus} address.
 */
final class HandlerChains implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HandlerChains.class.getName());

  private final RuntimeOptions options;
  private final ForwardContext forwardContext;

  /** The runtime's metrics; null when no block has {@code prometheus}. */
  private final RuntimeMetrics metrics;

  /** The Ehcache manager and byte budget every block's cache shares, across reloads too. */
  private final CacheMemory cacheMemory = CacheMemory.withDefaultBudget();

  /**
   * One block's chain and what its handlers hold (caches, upstream connections).
   *
   * @param head where the block's queries go in
   * @param resources closed with the chain
   * @param loop the block's {@code loop} handler, if it has one
   */
  record Chain(DnsHandler head, List<AutoCloseable> resources, Optional<LoopHandler> loop)
      implements AutoCloseable {
    /** Stops loop probing through it and releases what its handlers hold. */
    @Override
    public void close() {
      loop.ifPresent(LoopHandler::disable);
      for (AutoCloseable resource : resources) {
        try {
          resource.close();
        } catch (Exception e) {
          LOG.warning("closing " + resource + ": " + e);
        }
      }
    }
  }

  HandlerChains(
      RuntimeOptions options,
      NettyTransport transport,
      EventLoopGroup group,
      Corefile corefile,
      HttpEndpoints endpoints) {
    this.options = options;
    this.metrics = startMetrics(corefile, endpoints);
    if (metrics != null) {
      metrics.measureCacheMemory(cacheMemory);
    }
    ForwardContext context = ForwardContext.of(group, transport);
    this.forwardContext =
        metrics == null ? context : context.withListener(metrics.upstreamListener());
  }

  /** One registry for the runtime, served on every address a {@code prometheus} names. */
  private static RuntimeMetrics startMetrics(Corefile corefile, HttpEndpoints endpoints) {
    Set<InetSocketAddress> addresses = new LinkedHashSet<>();
    for (ServerConfig config : corefile.servers()) {
      config.prometheus().ifPresent(prometheus -> addresses.add(prometheus.address()));
    }
    if (addresses.isEmpty()) {
      return null;
    }
    RuntimeMetrics metrics = RuntimeMetrics.create();
    addresses.forEach(address -> metrics.serveOn(endpoints, address));
    return metrics;
  }

  Chain build(ServerConfig config) {
    List<LoopHandler> loops = new ArrayList<>(1);
    List<HandlerFactory> outerToInner = new ArrayList<>();
    if (metrics != null && config.prometheus().isPresent()) {
      outerToInner.add(metrics.dnsHandler(config));
    }
    config.errors().ifPresent(errors -> outerToInner.add(ErrorsHandler.factory()));
    config.log().ifPresent(log -> outerToInner.add(LogHandler.factory(log)));
    config.cache().ifPresent(cache -> outerToInner.add(cacheFactory(config, cache)));
    config
        .loop()
        .ifPresent(
            l ->
                outerToInner.add(
                    LoopHandler.factory(config.zones().get(0), options.onFatal(), loops::add)));
    config
        .forward()
        .ifPresent(forward -> outerToInner.add(ForwardHandler.factory(forward, forwardContext)));
    List<AutoCloseable> resources = new ArrayList<>();
    DnsHandler chain = NoHandler.INSTANCE;
    try {
      for (int i = outerToInner.size() - 1; i >= 0; i--) {
        chain = outerToInner.get(i).create(chain);
        if (chain instanceof AutoCloseable closeable) {
          resources.add(closeable);
        }
      }
    } catch (RuntimeException e) {
      new Chain(chain, resources, Optional.empty()).close();
      throw e;
    }
    return new Chain(chain, List.copyOf(resources), loops.stream().findFirst());
  }

  /** Where listeners report: the log, and with metrics also {@code coredns_panics_total}. */
  ListenerEvents listenerEvents() {
    return metrics == null
        ? ListenerEvents.LOGGING
        : metrics.listenerEvents(ListenerEvents.LOGGING);
  }

  /** Where failed reloads are counted: {@code coredns_reload_failed_total} with metrics. */
  ReloadEvents reloadEvents() {
    if (metrics == null) {
      return ReloadEvents.NONE;
    }
    return new ReloadEvents() {
      @Override
      public void failed() {
        metrics.reloadFailed();
      }

      @Override
      public void running(String sha512) {}
    };
  }

  private HandlerFactory cacheFactory(ServerConfig block, CacheConfig cache) {
    CacheEvents events = metrics == null ? CacheEvents.NONE : metrics.cacheEvents(block, cache);
    // refreshes start on the thread that finds them due, as CacheHandler.factory's do
    return next -> {
      CacheHandler handler =
          new CacheHandler(cache, next, options.clock(), Runnable::run, events, cacheMemory);
      return events instanceof CacheMetrics measured ? measured.measure(handler) : handler;
    };
  }

  /** The runtime's metrics registry; empty when no block has {@code prometheus}. */
  Optional<MeterRegistry> meterRegistry() {
    return Optional.ofNullable(metrics).map(RuntimeMetrics::registry);
  }

  /** Closes the metrics; each {@link Chain} is closed by whoever holds it. */
  @Override
  public void close() {
    cacheMemory.close();
    if (metrics != null) {
      metrics.close();
    }
  }
}
