package io.nodelocaldns.installer.migrate;

import static io.nodelocaldns.installer.migrate.OurValues.*;

import io.nodelocaldns.installer.migrate.Corefile.Directive;
import io.nodelocaldns.installer.migrate.Corefile.ServerBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream manifest's Corefile as this chart's values: the cluster domain's block (cache tiers,
 * prefetch, serve_stale, forward options, logging, AAAA handling, health and metrics ports), the
 * reverse zones' and {@code .}'s (TTLs, upstream servers and forward options), and the other blocks
 * as stub zones or, where this chart cannot write them, as extra blocks as written.
 */
final class CorefileMigration {
  private static final String UPSTREAM_SERVERS_PILLAR = "__PILLAR__UPSTREAM__SERVERS__";
  private static final Set<String> REVERSE = Set.of("in-addr.arpa", "ip6.arpa");

  /** Directives every upstream server block has, which this chart writes itself. */
  private static final Set<String> STANDARD =
      Set.of("errors", "cache", "reload", "loop", "bind", "forward", "prometheus", "health", "log");

  /** What the cluster block does that this chart does in every block it writes. */
  private record EveryBlock(List<String> cacheOptions, boolean noAaaa, boolean log) {
    static EveryBlock of(ServerBlock b) {
      return new EveryBlock(cacheOptions(b), aaaa(b), b.has("log"));
    }

    private static List<String> cacheOptions(ServerBlock b) {
      return b.directive("cache").stream()
          .flatMap(c -> c.block().stream())
          .filter(d -> d.name().equals("prefetch") || d.name().equals("serve_stale"))
          .map(Directive::line)
          .sorted()
          .toList();
    }
  }

  private final Migration m;
  private EveryBlock every;

  private CorefileMigration(Migration m) {
    this.m = m;
  }

  /** Reads the Corefile's settings into {@code m}. */
  static void migrate(String corefile, Migration m) {
    new CorefileMigration(m).corefile(corefile);
  }

  private static boolean placeholder(String value) {
    return ManifestMigration.placeholder(value);
  }

  private void corefile(String text) {
    List<ServerBlock> blocks = Corefile.parse(text);
    ServerBlock cluster =
        blocks.stream().filter(b -> b.has("health")).findFirst().orElse(blocks.getFirst());
    if (!placeholder(cluster.zone())) {
      m.carry("Corefile zone " + cluster.zone(), cluster.zone(), CLUSTER_DOMAIN);
    }
    every = EveryBlock.of(cluster);
    clusterBlock(cluster);
    blocks.stream()
        .filter(b -> REVERSE.contains(b.zone()) || b.zone().equals("."))
        .forEach(b -> sameAsCluster(b, cluster));
    Optional<ServerBlock> reverse =
        blocks.stream().filter(b -> b.zone().equals("in-addr.arpa")).findFirst();
    reverse.ifPresent(b -> ttl(b, CACHE_REVERSE_TTL));
    blocks.stream()
        .filter(b -> b.zone().equals("ip6.arpa"))
        .findFirst()
        .ifPresent(
            b -> {
              if (reverse.isPresent() && !cacheArgs(b).equals(cacheArgs(reverse.get()))) {
                m.note(
                    "ip6.arpa's cache differs from in-addr.arpa's; this chart gives both"
                        + " in-addr.arpa's");
              }
              otherDirectives(b);
            });
    reverse.ifPresent(this::otherDirectives);
    blocks.stream().filter(b -> b.zone().equals(".")).findFirst().ifPresent(this::rootBlock);
    List<Map<String, Object>> stubs = new ArrayList<>();
    StringBuilder extra = new StringBuilder();
    for (ServerBlock b : blocks) {
      if (b == cluster || REVERSE.contains(b.zone()) || b.zone().equals(".")) {
        continue;
      }
      stub(b).ifPresentOrElse(stubs::add, () -> extra.append(b.text()));
    }
    if (!stubs.isEmpty()) {
      m.change("Corefile's other blocks", stubs.size() + " blocks", STUB_ZONES, stubs, "");
    }
    if (!extra.isEmpty()) {
      m.carry("Corefile's other blocks (as written)", extra.toString(), EXTRA_SERVER_BLOCKS);
    }
  }

  private void clusterBlock(ServerBlock b) {
    String where = "Corefile " + b.zone() + " ";
    b.directive("cache")
        .ifPresent(
            cache -> {
              Map<String, Object> ours = new LinkedHashMap<>();
              if (!cache.args().isEmpty()) {
                ours.put("ttl", number(cache.args().getFirst()));
              }
              tier(cache, "success", ours);
              tier(cache, "denial", ours);
              m.change(where + "cache", cache.line() + block(cache), CACHE_CLUSTER, ours, "");
              cache.child("prefetch").ifPresent(p -> prefetch(where, p));
              cache.child("serve_stale").ifPresent(s -> serveStale(where, s));
            });
    Directive forward = b.directive("forward").orElse(null);
    if (forward != null) {
      List<String> options = forward.block().stream().map(Directive::line).toList();
      boolean tcp = options.contains("force_tcp");
      boolean udp = options.contains("prefer_udp");
      m.change(where + "forward", options, FORCE_TCP, tcp, "");
      if (udp) {
        m.change(where + "forward", options, PREFER_UDP, true, "");
      }
      options.stream()
          .filter(o -> !o.equals("force_tcp") && !o.equals("prefer_udp"))
          .forEach(
              o ->
                  m.stop(
                      where + "forward option",
                      o,
                      "this chart writes options for cluster names' forward as force_tcp or"
                          + " prefer_udp only (customConfig can say more)"));
    }
    b.directive("health")
        .ifPresent(
            h -> {
              String address = h.args().isEmpty() ? ":8080" : h.args().getFirst();
              String port = address.substring(address.lastIndexOf(':') + 1);
              m.change(
                  where + "health",
                  address,
                  HEALTH_PORT,
                  number(port),
                  "served on the local IP, as upstream's");
            });
    m.change(where + "log", b.has("log"), LOG_QUERIES, b.has("log"), "");
    m.change(where + "template IN AAAA", aaaa(b), NO_IPV6_LOOKUPS, aaaa(b), "");
    b.directive("bind").ifPresent(bind -> bind(where, bind));
    b.directive("prometheus")
        .ifPresent(
            p -> {
              String address = p.args().isEmpty() ? ":9153" : p.args().getFirst();
              m.change(
                  where + "prometheus",
                  address,
                  METRICS_PORT,
                  number(address.substring(address.lastIndexOf(':') + 1)),
                  "");
            });
    otherDirectives(b);
  }

  /**
   * This chart writes prefetch, serve_stale and the AAAA template in every block: say where not.
   */
  private void sameAsCluster(ServerBlock b, ServerBlock cluster) {
    EveryBlock here = EveryBlock.of(b);
    if (!here.cacheOptions().equals(every.cacheOptions())) {
      m.note(
          "Corefile "
              + b.zone()
              + "'s cache has "
              + here.cacheOptions()
              + ", "
              + cluster.zone()
              + "'s "
              + every.cacheOptions()
              + "; this chart writes "
              + cluster.zone()
              + "'s in every block");
    }
    if (here.noAaaa() != every.noAaaa()) {
      m.note(
          "Corefile "
              + b.zone()
              + (here.noAaaa() ? " answers" : " does not answer")
              + " AAAA itself, unlike "
              + cluster.zone()
              + "; this chart does as "
              + cluster.zone()
              + " in every block");
    }
    if (here.log() != every.log() && every.log()) {
      m.note("Corefile " + b.zone() + " does not log; with logQueries this chart logs every block");
    }
  }

  private void bind(String where, Directive bind) {
    if (bind.args().contains("0.0.0.0") || bind.args().contains("::")) {
      m.change(
          where + "bind",
          bind.line(),
          BIND_ANY_ADDRESS,
          false,
          "this chart binds only the addresses the cache serves on (not an open resolver on the"
              + " node's other addresses); set bindAnyAddress=true to keep it");
    } else {
      m.drop(where + "bind", bind.line(), "this chart binds the addresses the cache serves on");
    }
  }

  private static boolean aaaa(ServerBlock b) {
    return b.directives().stream()
        .anyMatch(d -> d.name().equals("template") && d.args().contains("AAAA"));
  }

  private void rootBlock(ServerBlock b) {
    String where = "Corefile . ";
    ttl(b, CACHE_EXTERNAL_TTL);
    b.directive("forward")
        .ifPresent(
            forward -> {
              List<String> servers = forward.args().subList(1, forward.args().size());
              if (servers.isEmpty()
                  || servers.equals(List.of(UPSTREAM_SERVERS_PILLAR))
                  || servers.equals(List.of("/etc/resolv.conf"))) {
                m.change(
                    where + "forward",
                    String.join(" ", servers),
                    UPSTREAM_SERVERS,
                    List.of(),
                    "the node's /etc/resolv.conf, as upstream (the agent fills it in)");
              } else if (servers.stream().allMatch(DeliveryheroRules::isServer)) {
                m.change(
                    where + "forward", String.join(" ", servers), UPSTREAM_SERVERS, servers, "");
              } else {
                m.stop(
                    where + "forward",
                    String.join(" ", servers),
                    "upstream.servers takes IP, IP:port or [IPv6]:port only");
              }
              List<String> options = forward.block().stream().map(Directive::line).toList();
              m.change(where + "forward options", options, FORWARD_OPTIONS, options, "");
            });
    otherDirectives(b);
  }

  private void ttl(ServerBlock b, String ours) {
    b.directive("cache")
        .ifPresent(
            cache -> {
              Object ttl = cache.args().isEmpty() ? null : number(cache.args().getFirst());
              m.change("Corefile " + b.zone() + " cache", cache.line(), ours, ttl, "");
            });
  }

  private void prefetch(String where, Directive p) {
    Map<String, Object> ours = new LinkedHashMap<>();
    ours.put("enabled", true);
    List<String> a = p.args();
    if (a.size() > 0) {
      ours.put("amount", number(a.get(0)));
    }
    if (a.size() > 1) {
      ours.put("duration", a.get(1));
    }
    if (a.size() > 2) {
      ours.put("percentage", a.get(2));
    }
    m.change(where + "prefetch", p.line(), PREFETCH, ours, "every block, as this chart writes it");
  }

  private void serveStale(String where, Directive s) {
    Map<String, Object> ours = new LinkedHashMap<>();
    ours.put("enabled", true);
    if (s.args().size() > 0) {
      ours.put("duration", s.args().get(0));
    }
    if (s.args().size() > 1) {
      ours.put("mode", s.args().get(1));
    }
    m.change(
        where + "serve_stale", s.line(), SERVE_STALE, ours, "every block, as this chart writes it");
  }

  private static void tier(Directive cache, String name, Map<String, Object> ours) {
    cache
        .child(name)
        .ifPresent(
            t -> {
              if (!t.args().isEmpty()) {
                ours.put(name, number(t.args().get(0)));
              }
              if (t.args().size() > 1) {
                ours.put(name + "TTL", number(t.args().get(1)));
              }
            });
  }

  private static List<String> cacheArgs(ServerBlock b) {
    return b.directive("cache").map(c -> List.of(c.line() + block(c))).orElse(List.of());
  }

  private static String block(Directive d) {
    return d.block().isEmpty()
        ? ""
        : " { " + String.join("; ", d.block().stream().map(Directive::line).toList()) + " }";
  }

  /** Directives of an upstream block that this chart does not write: said, not carried. */
  private void otherDirectives(ServerBlock b) {
    b.directives().stream()
        .filter(d -> !STANDARD.contains(d.name()))
        .filter(d -> !(d.name().equals("template") && d.args().contains("AAAA")))
        .filter(d -> !d.name().equals("ready"))
        .forEach(
            d ->
                m.stop(
                    "Corefile " + b.zone() + " " + d.name(),
                    d.line() + block(d),
                    "this chart does not write it in its own blocks (customConfig can)"));
  }

  /** A block this chart can write as a stub zone, or empty (then it goes as it is). */
  private Optional<Map<String, Object>> stub(ServerBlock b) {
    Set<String> simple =
        Set.of("errors", "cache", "reload", "loop", "bind", "forward", "prometheus", "log");
    boolean known =
        b.directives().stream()
            .allMatch(d -> simple.contains(d.name()) || (d.name().equals("template") && aaaa(b)));
    EveryBlock here = EveryBlock.of(b);
    if (!known
        || !here.cacheOptions().equals(every.cacheOptions())
        || here.noAaaa() != every.noAaaa()
        || (here.log() && !every.log())) {
      return Optional.empty();
    }
    Optional<Directive> forward = b.directive("forward");
    if (forward.isEmpty() || b.keys().size() != 1 || !b.keys().getFirst().matches("[^:]+(:53)?")) {
      return Optional.empty();
    }
    List<String> servers = forward.get().args().subList(1, forward.get().args().size());
    List<String> options = forward.get().block().stream().map(Directive::line).toList();
    boolean tcpOnly = options.isEmpty() || options.equals(List.of("force_tcp"));
    Optional<Directive> cache = b.directive("cache");
    boolean plainCache =
        cache.isEmpty()
            || (cache.get().args().size() <= 1
                && cache.get().block().stream()
                    .allMatch(d -> d.name().equals("prefetch") || d.name().equals("serve_stale")));
    if (servers.isEmpty()
        || !servers.stream().allMatch(DeliveryheroRules::isServer)
        || !tcpOnly
        || !plainCache) {
      return Optional.empty();
    }
    Map<String, Object> zone = new LinkedHashMap<>();
    zone.put("zone", b.zone());
    zone.put("servers", servers);
    if (options.contains("force_tcp")) {
      zone.put("forceTCP", true);
    }
    cache
        .filter(c -> !c.args().isEmpty())
        .ifPresent(c -> zone.put("cacheTTL", number(c.args().getFirst())));
    return Optional.of(zone);
  }

  private static Object number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return text;
    }
  }
}
