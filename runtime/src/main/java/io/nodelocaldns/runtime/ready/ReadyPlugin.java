package io.nodelocaldns.runtime.ready;

import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;

/** The {@code ready} directive: where {@code /ready} is served (read by the runtime). */
public final class ReadyPlugin implements Plugin<ReadyConfig> {
  public static final String NAME = "ready";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<ReadyConfig> configType() {
    return ReadyConfig.class;
  }

  @Override
  public ReadyConfig parse(List<Directive> lines, SetupContext context) {
    return ReadySetup.parse(lines.get(0));
  }
}
