package io.nodelocaldns.runtime.prometheus;

import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.metrics.Histograms;
import io.nodelocaldns.runtime.metrics.ServerLabels;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;
import java.util.Optional;

/**
 * The {@code prometheus} directive: CoreDNS's metrics, served on {@code /metrics} (the runtime owns
 * the registry).
 */
public final class PrometheusPlugin implements Plugin<PrometheusConfig> {
  public static final String NAME = "prometheus";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<PrometheusConfig> configType() {
    return PrometheusConfig.class;
  }

  @Override
  public PrometheusConfig parse(List<Directive> lines, SetupContext context) {
    return PrometheusSetup.parse(lines.get(0));
  }

  /** Counts the block's queries and answers ({@code coredns_dns_*}) at the head of its chain. */
  @Override
  public Optional<HandlerFactory> handler(PrometheusConfig config, ChainContext context) {
    ServerConfig block = context.block();
    return context
        .metrics()
        .map(
            registry -> {
              ServerLabels servers = ServerLabels.of(BindConfig.of(block).addresses());
              DnsMetrics metrics =
                  new DnsMetrics(
                      registry, Histograms.of(registry, context.shared()), servers, block.zones());
              return next -> new MetricsHandler(metrics, next);
            });
  }
}
