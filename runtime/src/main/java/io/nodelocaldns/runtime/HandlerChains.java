package io.nodelocaldns.runtime;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.cache.CacheConfig;
import io.nodelocaldns.runtime.cache.CacheHandler;
import io.nodelocaldns.runtime.corefile.Corefile;
import io.nodelocaldns.runtime.corefile.ServerConfig;
import io.nodelocaldns.runtime.errors.ErrorsHandler;
import io.nodelocaldns.runtime.forward.ForwardContext;
import io.nodelocaldns.runtime.forward.ForwardHandler;
import io.nodelocaldns.runtime.log.LogHandler;
import io.nodelocaldns.runtime.metrics.CacheMetrics;
import io.nodelocaldns.runtime.metrics.RuntimeMetrics;
import io.nodelocaldns.runtime.ops.HttpEndpoints;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.NoHandler;
import io.nodelocaldns.runtime.server.ListenerEvents;
import io.nodelocaldns.runtime.server.NettyTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds each server block's handler chain in CoreDNS's fixed plugin order (prometheus, errors,
 * log, cache, forward), whatever order the Corefile lists the directives in, and closes what they
 * hold. When any block has {@code prometheus}, it also owns the runtime's metrics and serves them
 * on each {@code prometheus} address.
 */
final class HandlerChains implements AutoCloseable {
  private final RuntimeOptions options;
  private final ForwardContext forwardContext;
  /** The runtime's metrics; null when no block has {@code prometheus}. */
  private final RuntimeMetrics metrics;
  private final List<AutoCloseable> resources = new ArrayList<>();

  HandlerChains(
      RuntimeOptions options, NettyTransport transport, EventLoopGroup group, Corefile corefile,
      HttpEndpoints endpoints) {
    this.options = options;
    this.metrics = startMetrics(corefile, endpoints);
    ForwardContext context = ForwardContext.of(group, transport);
    this.forwardContext = metrics == null ? context : context.withListener(metrics.upstreamListener());
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

  DnsHandler build(ServerConfig config) {
    List<HandlerFactory> outerToInner = new ArrayList<>();
    if (metrics != null && config.prometheus().isPresent()) {
      outerToInner.add(metrics.dnsHandler(config));
    }
    config.errors().ifPresent(errors -> outerToInner.add(ErrorsHandler.factory()));
    config.log().ifPresent(log -> outerToInner.add(LogHandler.factory(log)));
    config.cache().ifPresent(cache -> outerToInner.add(cacheFactory(config, cache)));
    config.forward().ifPresent(forward -> outerToInner.add(ForwardHandler.factory(forward, forwardContext)));
    DnsHandler chain = NoHandler.INSTANCE;
    for (int i = outerToInner.size() - 1; i >= 0; i--) {
      chain = outerToInner.get(i).create(chain);
      if (chain instanceof AutoCloseable closeable) {
        resources.add(closeable);
      }
    }
    return chain;
  }

  /** Where listeners report: the log, and with metrics also {@code coredns_panics_total}. */
  ListenerEvents listenerEvents() {
    return metrics == null ? ListenerEvents.LOGGING : metrics.listenerEvents(ListenerEvents.LOGGING);
  }

  private HandlerFactory cacheFactory(ServerConfig block, CacheConfig cache) {
    if (metrics == null) {
      return CacheHandler.factory(cache, options.clock());
    }
    CacheMetrics events = metrics.cacheEvents(block, cache);
    // refreshes start on the thread that finds them due, as CacheHandler.factory's do
    return next -> events.measure(new CacheHandler(cache, next, options.clock(), Runnable::run, events));
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        java.util.logging.Logger.getLogger(HandlerChains.class.getName()).warning("closing " + resource + ": " + e);
      }
    }
    resources.clear();
    if (metrics != null) {
      metrics.close();
    }
  }
}
