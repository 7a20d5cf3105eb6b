package io.nodelocaldns.runtime.errors;

import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;
import java.util.Optional;

/** The {@code errors} directive: logs the queries the rest of the chain failed on. */
public final class ErrorsPlugin implements Plugin<ErrorsConfig> {
  public static final String NAME = "errors";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<ErrorsConfig> configType() {
    return ErrorsConfig.class;
  }

  @Override
  public ErrorsConfig parse(List<Directive> lines, SetupContext context) {
    return ErrorsSetup.parse(lines.get(0));
  }

  @Override
  public Optional<HandlerFactory> handler(ErrorsConfig config, ChainContext context) {
    return Optional.of(ErrorsHandler.factory());
  }
}
