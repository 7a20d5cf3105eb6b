package io.nodelocaldns.runtime.corefile;

import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.bind.BindSetup;
import io.nodelocaldns.runtime.bind.BindSetup.InterfaceAddresses;
import io.nodelocaldns.runtime.cache.CacheSetup;
import io.nodelocaldns.runtime.errors.ErrorsSetup;
import io.nodelocaldns.runtime.forward.ForwardSetup;
import io.nodelocaldns.runtime.log.LogSetup;
import io.nodelocaldns.runtime.ops.HealthSetup;
import io.nodelocaldns.runtime.ops.LoopSetup;
import io.nodelocaldns.runtime.ops.PrometheusSetup;
import io.nodelocaldns.runtime.ops.ReadySetup;
import io.nodelocaldns.runtime.ops.ReloadSetup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Understands server blocks: checks their keys and directives, has each directive read by its
 * setup, and makes one {@link ServerConfig} per block and port.
 */
final class ServerBlocks {
  /** The directives understood, in alphabetical order (for messages). */
  static final List<String> SUPPORTED =
      List.of(
          BindSetup.NAME,
          CacheSetup.NAME,
          ErrorsSetup.NAME,
          ForwardSetup.NAME,
          HealthSetup.NAME,
          LogSetup.NAME,
          LoopSetup.NAME,
          PrometheusSetup.NAME,
          ReadySetup.NAME,
          ReloadSetup.NAME);

  /** CoreDNS adds up several {@code bind} lines; every other directive may appear once. */
  private static final Set<String> REPEATABLE = Set.of(BindSetup.NAME);

  private static final String IMPORT = "import";

  private final InterfaceAddresses interfaces;

  private final ServedZones served = new ServedZones();

  private ServerBlocks(InterfaceAddresses interfaces) {
    this.interfaces = interfaces;
  }

  static List<ServerConfig> understand(
      List<ServerBlockSyntax> blocks, InterfaceAddresses interfaces) {
    ServerBlocks understanding = new ServerBlocks(interfaces);
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
    BindConfig bind =
        byName.containsKey(BindSetup.NAME)
            ? BindSetup.parse(byName.get(BindSetup.NAME), interfaces)
            : BindConfig.WILDCARD;
    var errors = once(byName, ErrorsSetup.NAME, ErrorsSetup::parse);
    var log = once(byName, LogSetup.NAME, LogSetup::parse);
    var cache = once(byName, CacheSetup.NAME, d -> CacheSetup.parse(d, blockZones));
    var forward = once(byName, ForwardSetup.NAME, ForwardSetup::parse);
    var prometheus = once(byName, PrometheusSetup.NAME, PrometheusSetup::parse);
    var health = once(byName, HealthSetup.NAME, HealthSetup::parse);
    var ready = once(byName, ReadySetup.NAME, ReadySetup::parse);
    var reload = once(byName, ReloadSetup.NAME, ReloadSetup::parse);
    var loop = once(byName, LoopSetup.NAME, LoopSetup::parse);
    Map<Integer, List<String>> zonesByPort = new LinkedHashMap<>();
    for (ServerKey key : keys) {
      served.add(key, bind, block.location());
      zonesByPort.computeIfAbsent(key.port(), p -> new ArrayList<>()).add(key.zone());
    }
    // a block with keys on several ports is one server per port, with the same directives
    List<ServerConfig> servers = new ArrayList<>();
    zonesByPort.forEach(
        (port, zones) ->
            servers.add(
                new ServerConfig(
                    zones,
                    port,
                    block.location(),
                    bind,
                    errors,
                    log,
                    cache,
                    forward,
                    prometheus,
                    health,
                    ready,
                    reload,
                    loop)));
    return servers;
  }

  /** Groups the directives by name, refusing unknown ones and repeats of the once-only ones. */
  private static Map<String, List<Directive>> byName(List<Directive> directives) {
    Map<String, List<Directive>> byName = new HashMap<>();
    for (Directive d : directives) {
      if (d.name().equals(IMPORT)) {
        throw new CorefileException(
            d.location(),
            IMPORT,
            "imports and snippets are not supported (write the directives out in each block)");
      }
      if (!SUPPORTED.contains(d.name())) {
        throw new CorefileException(
            d.location(),
            null,
            "unknown directive \""
                + d.name()
                + "\" (supported: "
                + String.join(", ", SUPPORTED)
                + ")");
      }
      List<Directive> same = byName.computeIfAbsent(d.name(), n -> new ArrayList<>());
      if (!same.isEmpty() && !REPEATABLE.contains(d.name())) {
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

  private static <T> Optional<T> once(
      Map<String, List<Directive>> byName, String name, Function<Directive, T> setup) {
    return Optional.ofNullable(byName.get(name)).map(list -> setup.apply(list.get(0)));
  }
}
