package io.nodelocaldns.runtime.reload;

import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;

/**
 * The {@code reload} directive: how often the Corefile is checked for changes (read by the
 * runtime).
 */
public final class ReloadPlugin implements Plugin<ReloadConfig> {
  public static final String NAME = "reload";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<ReloadConfig> configType() {
    return ReloadConfig.class;
  }

  @Override
  public ReloadConfig parse(List<Directive> lines, SetupContext context) {
    return ReloadSetup.parse(lines.get(0));
  }
}
