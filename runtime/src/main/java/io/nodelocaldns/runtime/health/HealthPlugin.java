package io.nodelocaldns.runtime.health;

import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;

/**
 * The {@code health} directive: where {@code /health} is served and how long shutdown waits (read
 * by the runtime).
 */
public final class HealthPlugin implements Plugin<HealthConfig> {
  public static final String NAME = "health";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<HealthConfig> configType() {
    return HealthConfig.class;
  }

  @Override
  public HealthConfig parse(List<Directive> lines, SetupContext context) {
    return HealthSetup.parse(lines.get(0));
  }
}
