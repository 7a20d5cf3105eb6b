package io.nodelocaldns.runtime.loop;

import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;
import java.util.Optional;

/**
 * The {@code loop} directive: stops the runtime when its queries come back to it (a forwarding
 * loop).
 */
public final class LoopPlugin implements Plugin<LoopConfig> {
  public static final String NAME = "loop";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<LoopConfig> configType() {
    return LoopConfig.class;
  }

  @Override
  public LoopConfig parse(List<Directive> lines, SetupContext context) {
    return LoopSetup.parse(lines.get(0));
  }

  /** Watches for its own probe coming back; probed from the block's first zone. */
  @Override
  public Optional<HandlerFactory> handler(LoopConfig config, ChainContext context) {
    String zone = context.block().zones().get(0);
    return Optional.of(next -> new LoopHandler(zone, next, context.onFatal()));
  }
}
