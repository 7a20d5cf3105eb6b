package io.nodelocaldns.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.cache.CachePlugin;
import io.nodelocaldns.runtime.config.Plugins;
import io.nodelocaldns.runtime.ops.HttpEndpoints;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.NoHandler;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.plugin.ServerConfig.Configured;
import io.nodelocaldns.runtime.plugin.SharedResources;
import io.nodelocaldns.runtime.prometheus.PrometheusConfig;
import io.nodelocaldns.runtime.prometheus.RuntimeMetrics;
import io.nodelocaldns.runtime.reload.ReloadEvents;
import io.nodelocaldns.runtime.server.ListenerEvents;
import io.nodelocaldns.runtime.warm.WarmRestart;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds each server block's chain from its directives, in the registry's order (CoreDNS's
 * plugin.cfg), whatever order the Corefile writes them in. Owns what the chains share for the
 * runtime's life: the metrics, when any block has {@code prometheus} (served on each {@code
 * prometheus} address), and the plugins' {@link SharedResources}.
 */
final class ChainBuilder implements AutoCloseable {
  private final RuntimeOptions options;
  private final EventLoopGroup group;

  /** The runtime's metrics; null when no block has {@code prometheus}. */
  private final RuntimeMetrics metrics;

  private final SharedResources shared = new SharedResources();

  ChainBuilder(
      RuntimeOptions options, EventLoopGroup group, Corefile corefile, HttpEndpoints endpoints) {
    this.options = options;
    this.group = group;
    this.metrics = startMetrics(corefile, endpoints);
    if (metrics != null) {
      for (Plugin<?> plugin : Plugins.STANDARD.all()) {
        plugin.registerMetrics(metrics.registry(), shared);
      }
    }
  }

  /** One registry for the runtime, served on every address a {@code prometheus} names. */
  private static RuntimeMetrics startMetrics(Corefile corefile, HttpEndpoints endpoints) {
    Set<InetSocketAddress> addresses = new LinkedHashSet<>();
    for (ServerConfig config : corefile.servers()) {
      config.get(PrometheusConfig.class).ifPresent(p -> addresses.add(p.address()));
    }
    if (addresses.isEmpty()) {
      return null;
    }
    RuntimeMetrics metrics = RuntimeMetrics.create();
    for (InetSocketAddress address : addresses) {
      endpoints.register(
          address,
          RuntimeMetrics.PATH,
          () ->
              new HttpEndpoints.Reply(
                  200, RuntimeMetrics.CONTENT_TYPE, metrics.scrape().getBytes(UTF_8)));
    }
    return metrics;
  }

  /** The chain of {@code config}'s block, its first directive's handler first. */
  BlockChain build(ServerConfig config) {
    ChainContext context =
        new ChainContext(
            config,
            options.clock(),
            options.onFatal(),
            group,
            options.transport(),
            meterRegistry(),
            shared);
    List<HandlerFactory> outerToInner = new ArrayList<>();
    for (Configured<?> directive : config.directives()) {
      directive.handler(context).ifPresent(outerToInner::add);
    }
    List<DnsHandler> handlers = new ArrayList<>();
    DnsHandler chain = NoHandler.INSTANCE;
    try {
      for (int i = outerToInner.size() - 1; i >= 0; i--) {
        chain = outerToInner.get(i).create(chain);
        handlers.add(0, chain);
      }
    } catch (RuntimeException e) {
      new BlockChain(config, chain, handlers).close();
      throw e;
    }
    return new BlockChain(config, chain, handlers);
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

  /** The runtime's metrics registry; empty when no block has {@code prometheus}. */
  Optional<MeterRegistry> meterRegistry() {
    return Optional.ofNullable(metrics).map(RuntimeMetrics::registry);
  }

  /** Warm restarts of the caches built here, through {@code directory}. */
  WarmRestart warmRestart(Path directory) {
    return WarmRestart.start(
        directory,
        CachePlugin.blockCaches(shared),
        CachePlugin.memory(shared),
        options.clock(),
        meterRegistry());
  }

  /** Closes the shared resources and the metrics; each chain is closed by whoever holds it. */
  @Override
  public void close() {
    shared.close();
    if (metrics != null) {
      metrics.close();
    }
  }
}
