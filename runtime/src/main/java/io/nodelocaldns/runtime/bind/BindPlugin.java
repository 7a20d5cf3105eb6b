package io.nodelocaldns.runtime.bind;

import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;

/** The {@code bind} directive: the addresses a block listens on (read by the runtime). */
public final class BindPlugin implements Plugin<BindConfig> {
  public static final String NAME = "bind";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<BindConfig> configType() {
    return BindConfig.class;
  }

  /** CoreDNS adds up a block's {@code bind} lines. */
  @Override
  public boolean repeatable() {
    return true;
  }

  @Override
  public BindConfig parse(List<Directive> lines, SetupContext context) {
    return BindSetup.parse(lines, context.interfaces());
  }
}
