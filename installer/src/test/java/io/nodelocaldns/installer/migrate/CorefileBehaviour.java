package io.nodelocaldns.installer.migrate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a Corefile does, block by block, leaving out what the two charts write differently on
 * purpose (bind addresses, the address of health, this chart's ready): the zones, each one's cache
 * line with its settings, where forward sends and with which options, query logging, AAAA handling,
 * and the health and metrics ports.
 */
record CorefileBehaviour(Map<String, Block> blocks) {
  record Block(
      String cache,
      List<String> forwardTo,
      TreeSet<String> forwardOptions,
      boolean log,
      boolean noAaaa,
      Optional<String> healthPort,
      Optional<String> metricsPort,
      TreeSet<String> others) {}

  static CorefileBehaviour of(String corefile) {
    Map<String, Block> blocks = new LinkedHashMap<>();
    for (Corefile.ServerBlock b : Corefile.parse(corefile)) {
      Optional<Corefile.Directive> forward = b.directive("forward");
      TreeSet<String> others = new TreeSet<>();
      b.directives().stream()
          .filter(
              d ->
                  !List.of(
                          "errors",
                          "cache",
                          "reload",
                          "loop",
                          "bind",
                          "forward",
                          "prometheus",
                          "health",
                          "ready",
                          "log",
                          "template")
                      .contains(d.name()))
          .forEach(d -> others.add(d.line() + d.block().stream().map(x -> x.line()).toList()));
      blocks.put(
          b.zone(),
          new Block(
              b.directive("cache")
                  .map(
                      c -> c.line() + new TreeSet<>(c.block().stream().map(x -> x.line()).toList()))
                  .orElse(""),
              forward.map(f -> f.args()).orElse(List.of()),
              forward
                  .map(f -> new TreeSet<>(f.block().stream().map(x -> x.line()).toList()))
                  .orElse(new TreeSet<>()),
              b.has("log"),
              b.directives().stream()
                  .anyMatch(d -> d.name().equals("template") && d.args().contains("AAAA")),
              b.directive("health")
                  .map(h -> port(h.args().isEmpty() ? ":8080" : h.args().getFirst())),
              b.directive("prometheus").map(p -> port(p.args().getFirst())),
              others));
    }
    return new CorefileBehaviour(blocks);
  }

  private static String port(String address) {
    return address.substring(address.lastIndexOf(':') + 1);
  }

  /** The same block without query logging, to compare where only logging may differ. */
  Block withoutLog(String zone) {
    Block b = blocks.get(zone);
    return new Block(
        b.cache(),
        b.forwardTo(),
        b.forwardOptions(),
        false,
        b.noAaaa(),
        b.healthPort(),
        b.metricsPort(),
        b.others());
  }
}
