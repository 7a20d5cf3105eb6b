package io.nodelocaldns.runtime.plugin;

import io.nodelocaldns.runtime.corefile.Location;
import java.util.List;
import java.util.Optional;

/**
 * One server block, understood: the zones it serves on a port, where it is written, and the
 * configuration of each directive it uses, in chain order.
 *
 * @param zones normalised zones, e.g. {@code ["cluster.local."]} or {@code ["."]}
 * @param port the port every zone of the block is served on
 * @param directives each directive written in the block with its configuration, in the order of the
 *     registry (the chain's order)
 */
public record ServerConfig(
    List<String> zones, int port, Location location, List<Configured<?>> directives) {

  public ServerConfig {
    zones = List.copyOf(zones);
    directives = List.copyOf(directives);
  }

  /**
   * A directive's configuration with the plugin that read it.
   *
   * @param <C> the configuration's type
   */
  public record Configured<C extends Record>(Plugin<C> plugin, C config) {
    /** The handler the directive puts into the chain, if any. */
    public Optional<HandlerFactory> handler(ChainContext context) {
      return plugin.handler(config, context);
    }
  }

  /** The configuration of the directive whose configuration type is {@code type}, if written. */
  public <C extends Record> Optional<C> get(Class<C> type) {
    for (Configured<?> directive : directives) {
      if (directive.config().getClass() == type) {
        return Optional.of(type.cast(directive.config()));
      }
    }
    return Optional.empty();
  }

  /** The same block written at {@code elsewhere}. */
  public ServerConfig at(Location elsewhere) {
    return new ServerConfig(zones, port, elsewhere, directives);
  }
}
