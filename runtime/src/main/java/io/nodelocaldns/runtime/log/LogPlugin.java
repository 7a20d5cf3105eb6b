package io.nodelocaldns.runtime.log;

import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.ChainContext;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.List;
import java.util.Optional;

/** The {@code log} directive: the query log, in CoreDNS's common format. */
public final class LogPlugin implements Plugin<LogConfig> {
  public static final String NAME = "log";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<LogConfig> configType() {
    return LogConfig.class;
  }

  @Override
  public LogConfig parse(List<Directive> lines, SetupContext context) {
    return LogSetup.parse(lines.get(0));
  }

  @Override
  public Optional<HandlerFactory> handler(LogConfig config, ChainContext context) {
    return Optional.of(LogHandler.factory(config));
  }
}
