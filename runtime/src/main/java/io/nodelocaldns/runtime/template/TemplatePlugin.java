package io.nodelocaldns.runtime.template;

import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.metrics.ServerLabels;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;
import java.util.Optional;

/** The {@code template} directive: answers from templates the queries its rules match. */
public final class TemplatePlugin implements Plugin<TemplateConfig> {
  public static final String NAME = "template";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<TemplateConfig> configType() {
    return TemplateConfig.class;
  }

  /** Each {@code template} line of a block is one rule, as in CoreDNS. */
  @Override
  public boolean repeatable() {
    return true;
  }

  @Override
  public TemplateConfig parse(List<Directive> lines, SetupContext context) {
    return TemplateSetup.parse(lines, context.blockZones());
  }

  @Override
  public Optional<HandlerFactory> handler(TemplateConfig config, ChainContext context) {
    TemplateEvents events =
        context
            .metrics()
            .<TemplateEvents>map(
                registry ->
                    new TemplateMetrics(
                        registry, ServerLabels.of(BindConfig.of(context.block()).addresses())))
            .orElse(TemplateEvents.NONE);
    return Optional.of(next -> new TemplateHandler(config, next, events));
  }
}
