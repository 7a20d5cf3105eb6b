package io.nodelocaldns.runtime.whoami;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;
import java.util.Optional;

/** A directive the runtime does not ship, written as a new one would be: this package only. */
public final class WhoamiPlugin implements Plugin<WhoamiConfig> {
  static final String NAME = "whoami";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<WhoamiConfig> configType() {
    return WhoamiConfig.class;
  }

  @Override
  public WhoamiConfig parse(List<Directive> lines, SetupContext context) {
    Args.of(lines.get(0)).none().noBlock();
    return new WhoamiConfig();
  }

  @Override
  public Optional<HandlerFactory> handler(WhoamiConfig config, ChainContext context) {
    // the last of its chain: it answers everything, so nothing after it is asked
    return Optional.of(next -> new WhoamiHandler());
  }
}
