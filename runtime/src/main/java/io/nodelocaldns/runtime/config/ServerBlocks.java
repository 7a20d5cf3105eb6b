package io.nodelocaldns.runtime.config;

import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.corefile.ServerBlockSyntax;
import io.nodelocaldns.runtime.corefile.ServerKey;
import io.nodelocaldns.runtime.plugin.InterfaceAddresses;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.plugin.ServerConfig.Configured;
import io.nodelocaldns.runtime.plugin.SetupContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Understands server blocks: checks their keys and directives, has each directive read by its
 * plugin, and makes one {@link ServerConfig} per block and port, its directives in chain order.
 */
final class ServerBlocks {
  private static final String IMPORT = "import";

  private final Plugins plugins;
  private final InterfaceAddresses interfaces;

  private final ServedZones served = new ServedZones();

  private ServerBlocks(Plugins plugins, InterfaceAddresses interfaces) {
    this.plugins = plugins;
    this.interfaces = interfaces;
  }

  static List<ServerConfig> understand(
      List<ServerBlockSyntax> blocks, Plugins plugins, InterfaceAddresses interfaces) {
    ServerBlocks understanding = new ServerBlocks(plugins, interfaces);
    List<ServerConfig> servers = new ArrayList<>();
    for (ServerBlockSyntax block : blocks) {
      servers.addAll(understanding.block(block));
    }
    return servers;
  }

  private List<ServerConfig> block(ServerBlockSyntax block) {
    List<ServerKey> keys = new ArrayList<>();
    List<String> blockZones = new ArrayList<>();
    for (String written : block.keys()) {
      ServerKey key = ServerKey.parse(written, block.location());
      keys.add(key);
      if (!blockZones.contains(key.zone())) {
        blockZones.add(key.zone());
      }
    }
    Map<String, List<Directive>> byName = byName(block.directives());
    SetupContext context = new SetupContext(blockZones, interfaces);
    List<Configured<?>> directives = new ArrayList<>();
    for (Plugin<?> plugin : plugins.all()) {
      List<Directive> lines = byName.get(plugin.name());
      if (lines != null) {
        directives.add(configure(plugin, lines, context));
      }
    }
    Map<Integer, List<String>> zonesByPort = new LinkedHashMap<>();
    BindConfig bind =
        directives.stream()
            .map(Configured::config)
            .filter(BindConfig.class::isInstance)
            .map(BindConfig.class::cast)
            .findFirst()
            .orElse(BindConfig.WILDCARD);
    for (ServerKey key : keys) {
      served.add(key, bind, block.location());
      zonesByPort.computeIfAbsent(key.port(), p -> new ArrayList<>()).add(key.zone());
    }
    // a block with keys on several ports is one server per port, with the same directives
    List<ServerConfig> servers = new ArrayList<>();
    zonesByPort.forEach(
        (port, zones) -> servers.add(new ServerConfig(zones, port, block.location(), directives)));
    return servers;
  }

  private static <C extends Record> Configured<C> configure(
      Plugin<C> plugin, List<Directive> lines, SetupContext context) {
    return new Configured<>(plugin, plugin.parse(lines, context));
  }

  /** Groups the directives by name, refusing unknown ones and repeats of the once-only ones. */
  private Map<String, List<Directive>> byName(List<Directive> directives) {
    Map<String, List<Directive>> byName = new HashMap<>();
    for (Directive d : directives) {
      if (d.name().equals(IMPORT)) {
        throw new CorefileException(
            d.location(),
            IMPORT,
            "imports and snippets are not supported (write the directives out in each block)");
      }
      Plugin<?> plugin =
          plugins
              .named(d.name())
              .orElseThrow(
                  () ->
                      new CorefileException(
                          d.location(),
                          null,
                          "unknown directive \""
                              + d.name()
                              + "\""
                              + UnsupportedDirectives.alternativeTo(d.name())
                                  .map(instead -> ": not implemented here; " + instead)
                                  .orElse("")
                              + " (supported: "
                              + String.join(", ", plugins.names())
                              + ")"));
      List<Directive> same = byName.computeIfAbsent(d.name(), n -> new ArrayList<>());
      if (!same.isEmpty() && !plugin.repeatable()) {
        throw new CorefileException(
            d.location(),
            d.name(),
            "may appear only once in a server block (first at line "
                + same.get(0).location().line()
                + ")");
      }
      same.add(d);
    }
    return byName;
  }
}
