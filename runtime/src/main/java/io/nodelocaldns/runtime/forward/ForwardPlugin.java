package io.nodelocaldns.runtime.forward;

import io.micrometer.core.instrument.MeterRegistry;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.metrics.Histograms;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import io.nodelocaldns.runtime.plugin.SharedResources;
import io.nodelocaldns.runtime.upstream.UpstreamListener;
import java.util.List;
import java.util.Optional;

/**
 * The {@code forward} directive: sends what the chain before it did not answer to upstream servers.
 */
public final class ForwardPlugin implements Plugin<ForwardConfig> {
  public static final String NAME = "forward";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<ForwardConfig> configType() {
    return ForwardConfig.class;
  }

  @Override
  public ForwardConfig parse(List<Directive> lines, SetupContext context) {
    return ForwardSetup.parse(lines.get(0));
  }

  @Override
  public void registerMetrics(MeterRegistry registry, SharedResources shared) {
    metrics(registry, shared);
  }

  /** Every block's forwarders share the runtime's upstream client and metrics. */
  @Override
  public Optional<HandlerFactory> handler(ForwardConfig config, ChainContext context) {
    UpstreamListener listener =
        context
            .metrics()
            .<UpstreamListener>map(registry -> metrics(registry, context.shared()))
            .orElse(UpstreamListener.NONE);
    ForwardContext forwarding =
        context
            .shared()
            .get(
                ForwardContext.class,
                () ->
                    ForwardContext.of(context.group(), context.transport()).withListener(listener));
    return Optional.of(ForwardHandler.factory(config, forwarding));
  }

  private static ForwardMetrics metrics(MeterRegistry registry, SharedResources shared) {
    Histograms histograms = Histograms.of(registry, shared);
    return shared.get(ForwardMetrics.class, () -> new ForwardMetrics(registry, histograms));
  }
}
