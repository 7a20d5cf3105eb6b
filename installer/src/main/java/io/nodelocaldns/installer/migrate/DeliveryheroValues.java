package io.nodelocaldns.installer.migrate;

import static io.nodelocaldns.installer.migrate.OurValues.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deliveryhero's node-local-dns chart (2.9.2) values as this chart's: the table below says, value
 * by value, where each goes. Their defaults (resource {@code deliveryhero-values.yaml}) fill in
 * what the user's file leaves out, since their release runs with those.
 */
public final class DeliveryheroValues {
  /** What to do with one of their values: its key, its value, their whole (effective) values. */
  @FunctionalInterface
  interface Rule {
    void apply(Migration m, String key, Object value, Map<String, Object> theirs);
  }

  private record Row(String theirs, Rule rule) {}

  /** Their value under our name, as it is. */
  private static Row to(String theirs, String ours) {
    return new Row(theirs, (m, key, value, all) -> m.carry(key, value, ours));
  }

  private static Row drop(String theirs, String why) {
    return new Row(theirs, (m, key, value, all) -> m.drop(key, value, why));
  }

  private static Row rule(String theirs, Rule rule) {
    return new Row(theirs, rule);
  }

  /** The table: every value of theirs, in their values.yaml's order. */
  private static final List<Row> TABLE =
      List.of(
          drop(
              "image.repository",
              "their image is k8s-dns-node-cache; this chart runs its own agent (image.* defaults"
                  + " to the chart's)"),
          drop("image.tag", "as image.repository"),
          rule(
              "config.dnsDomain",
              (m, k, v, all) ->
                  m.flag(
                      k,
                      v,
                      "--cluster-domain",
                      String.valueOf(v),
                      "the installer reads it from the cluster (kubelet); pass the flag to keep"
                          + " theirs")),
          rule(
              "config.dnsServer",
              (m, k, v, all) ->
                  m.flag(
                      k,
                      v,
                      "--kube-dns-ip",
                      String.valueOf(v),
                      "the installer reads it from the kube-dns Service; pass the flag (or"
                          + " --set kubeDNS.ip) to keep theirs")),
          to("config.localDns", LOCAL_IP),
          rule("config.customUpstreamsvc", DeliveryheroValues::upstreamService),
          rule("config.upstreamServiceSelector", DeliveryheroValues::upstreamSelector),
          rule(
              "config.bindIp",
              (m, k, v, all) ->
                  m.change(
                      k,
                      v,
                      BIND_ANY_ADDRESS,
                      false,
                      Boolean.TRUE.equals(v)
                          ? "theirs binds the local IP and the kube-dns IP, as this chart does"
                          : "theirs binds 0.0.0.0; this chart binds only the addresses the cache"
                              + " serves on (not an open resolver on the node's other addresses);"
                              + " set bindAnyAddress=true to keep theirs")),
          rule("config.commProtocol", DeliveryheroValues::protocol),
          rule(
              "config.enableLogging",
              (m, k, v, all) -> {
                if (Boolean.TRUE.equals(v)) {
                  m.change(
                      k,
                      v,
                      LOG_QUERIES,
                      true,
                      "theirs logs the cluster domain and `.`; this chart logs every block");
                } else {
                  m.carry(k, v, LOG_QUERIES);
                }
              }),
          to("config.noIPv6Lookups", NO_IPV6_LOOKUPS),
          rule(
              "config.cacheTTL",
              (m, k, v, all) -> {
                m.carry(k, v, CACHE_REVERSE_TTL);
                m.carry(k, v, CACHE_EXTERNAL_TTL);
              }),
          to("config.prefetch.enabled", PREFETCH + ".enabled"),
          to("config.prefetch.amount", PREFETCH + ".amount"),
          to("config.prefetch.duration", PREFETCH + ".duration"),
          to("config.prefetch.percentage", PREFETCH + ".percentage"),
          to("config.serveStale.enabled", SERVE_STALE + ".enabled"),
          to("config.serveStale.duration", SERVE_STALE + ".duration"),
          to("config.serveStale.mode", SERVE_STALE + ".mode"),
          to("config.healthPort", HEALTH_PORT),
          rule(
              "config.setupInterface",
              (m, k, v, all) ->
                  m.drop(
                      k,
                      v,
                      Boolean.TRUE.equals(v)
                          ? "the agent always sets up its interface"
                          : "NOT SUPPORTED: the agent always sets up its interface")),
          rule(
              "config.setupIptables",
              (m, k, v, all) ->
                  m.drop(
                      k,
                      v,
                      Boolean.TRUE.equals(v)
                          ? "the agent always sets up its rules (and runs with hostNetwork)"
                          : "NOT SUPPORTED: the agent always sets up its rules and runs with"
                              + " hostNetwork")),
          drop(
              "config.skipTeardown",
              "the agent tears down on exit unless a successor holds the addresses (surge"
                  + " updates); for a switch from their release see docs/migrate.md"),
          to("config.extraServerBlocks", EXTRA_SERVER_BLOCKS),
          rule("config.customConfig", DeliveryheroValues::customConfig),
          rule(
              "config.port.number",
              (m, k, v, all) ->
                  m.drop(
                      k,
                      v,
                      Objects.equals(number(v), 53L)
                          ? "this chart declares no containerPorts (DNS is on 53)"
                          : "theirs only changed the containerPort (their Corefile serves :53);"
                              + " this chart declares no containerPorts")),
          drop("config.port.tcp", "this chart declares no containerPorts"),
          drop("config.port.udp", "this chart declares no containerPorts"),
          rule("config.upstreamServers", DeliveryheroValues::upstreamServers),
          rule("config.upstreamForwardConfig", DeliveryheroValues::forwardConfig),
          drop("nameOverride", "this chart's object names are fixed (node-local-dns)"),
          drop("fullnameOverride", "this chart's object names are fixed (node-local-dns)"),
          to("serviceAccount.create", SERVICE_ACCOUNT + ".create"),
          to("serviceAccount.annotations", SERVICE_ACCOUNT + ".annotations"),
          to("serviceAccount.name", SERVICE_ACCOUNT + ".name"),
          to("service.annotations", METRICS_SERVICE_ANNOTATIONS),
          to("podAnnotations", POD_ANNOTATIONS),
          to("podLabels", POD_LABELS),
          to("configMapAnnotations", CONFIGMAP_ANNOTATIONS),
          to("configMapLabels", CONFIGMAP_LABELS),
          to("daemonsetAnnotations", DAEMONSET_ANNOTATIONS),
          to("daemonsetLabels", DAEMONSET_LABELS),
          rule(
              "updateStrategy",
              unlessDefault(
                  UPDATE_STRATEGY,
                  "theirs stops a node's cache during its update; this chart surges (the new pod"
                      + " serves before the old one stops)",
                  v ->
                      "merged over this chart's {maxSurge: 10%, maxUnavailable: 0}; a"
                          + " maxUnavailable above 0 stops caches during updates")),
          to("initContainers", INIT_CONTAINERS),
          rule(
              "securityContext",
              unlessDefault(
                  SECURITY_CONTEXT,
                  "this chart's container is hardened and has the capabilities the agent needs",
                  v ->
                      "merged over this chart's hardened one; a capabilities list replaces"
                          + " this chart's whole (charts/README.md, Privileges)")),
          to("serviceMonitor.enabled", SERVICE_MONITOR + ".enabled"),
          to("serviceMonitor.labels", SERVICE_MONITOR + ".labels"),
          to("serviceMonitor.path", SERVICE_MONITOR + ".path"),
          to("serviceMonitor.honorLabels", SERVICE_MONITOR + ".honorLabels"),
          to("serviceMonitor.interval", SERVICE_MONITOR + ".interval"),
          to("serviceMonitor.scrapeTimeout", SERVICE_MONITOR + ".scrapeTimeout"),
          to("serviceMonitor.metricRelabelings", SERVICE_MONITOR + ".metricRelabelings"),
          to("serviceMonitor.relabelings", SERVICE_MONITOR + ".relabelings"),
          rule(
              "serviceMonitor.namePrefix",
              (m, k, v, all) ->
                  m.drop(
                      k,
                      v,
                      "".equals(v)
                          ? "this chart's ServiceMonitor is named node-local-dns"
                          : "NOT CARRIED: this chart's ServiceMonitor is named node-local-dns")),
          rule(
              "serviceMonitor.prometheusNamespace",
              (m, k, v, all) -> {
                if ("kube-system".equals(v)) {
                  m.drop(k, v, "this chart's ServiceMonitor goes to kube-system unless told");
                } else {
                  m.carry(k, v, SERVICE_MONITOR + ".namespace");
                }
              }),
          to("dashboard.enabled", DASHBOARD + ".enabled"),
          rule(
              "dashboard.namespace",
              (m, k, v, all) -> {
                if (Boolean.TRUE.equals(Migration.find(all, "dashboard.enabled").orElse(false))) {
                  m.carry(k, v, DASHBOARD + ".namespace");
                } else {
                  m.drop(k, v, "the dashboard is off");
                }
              }),
          rule("dashboard.label", DeliveryheroValues::dashboardLabel),
          to("dashboard.annotations", DASHBOARD + ".annotations"),
          rule(
              "resources",
              unlessDefault(
                  RESOURCES,
                  "their 128Mi memory limit would OOM-kill this agent once warm; the chart's"
                      + " defaults are measured (docs/operations.md)",
                  DeliveryheroValues::memoryNote)),
          to("lifecycle", LIFECYCLE),
          to("resizePolicy", RESIZE_POLICY),
          to("affinity", AFFINITY),
          to("imagePullSecrets", IMAGE_PULL_SECRETS),
          rule("prometheusScraping.enabled", DeliveryheroValues::scrapeAnnotations),
          rule(
              "tolerations",
              unlessDefault(
                  TOLERATIONS,
                  "this chart tolerates every taint, which covers theirs",
                  v -> "they replace this chart's, which tolerate every taint")));

  private DeliveryheroValues() {}

  /** Their value names the table covers, in its order (docs/migrate.md lists each). */
  public static List<String> theirKeys() {
    return TABLE.stream().map(Row::theirs).toList();
  }

  /** Their defaults, as their chart 2.9.2 ships them. */
  static Map<String, Object> defaults() {
    try (InputStream in =
        DeliveryheroValues.class.getResourceAsStream("deliveryhero-values.yaml")) {
      return Yaml.readMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The user's values of their chart, as this chart's. */
  public static Migration migrate(Map<String, Object> user, Map<String, Object> ourDefaults) {
    Migration m = new Migration("deliveryhero's node-local-dns chart values", ourDefaults);
    Map<String, Object> defaults = defaults();
    Map<String, Object> theirs = Yaml.merge(defaults, user);
    for (Row row : TABLE) {
      if (!has(theirs, row.theirs())) {
        continue;
      }
      Object value = Migration.find(theirs, row.theirs()).orElse(null);
      String key = has(user, row.theirs()) ? row.theirs() : row.theirs() + " (their default)";
      row.rule().apply(m, key, value, theirs);
    }
    if (Boolean.TRUE.equals(Migration.find(theirs, "serviceMonitor.enabled").orElse(false))) {
      for (String timing : List.of("interval", "scrapeTimeout")) {
        if (!has(theirs, "serviceMonitor." + timing)) {
          m.note(
              "serviceMonitor."
                  + timing
                  + " is not set: theirs leaves it to Prometheus' default, this chart sets "
                  + SERVICE_MONITOR
                  + "."
                  + timing
                  + " ("
                  + Migration.find(m.ourDefaults(), SERVICE_MONITOR + "." + timing).orElse("?")
                  + ")");
        }
      }
    }
    unknowns(user, "", m);
    return m;
  }

  private static boolean has(Map<String, Object> tree, String key) {
    Object node = tree;
    for (String part : key.split("\\.")) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
        return false;
      }
      node = map.get(part);
    }
    return true;
  }

  /** Keys of the user's file that are no value of their chart. */
  private static void unknowns(Map<String, Object> tree, String prefix, Migration m) {
    for (var entry : tree.entrySet()) {
      String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      boolean covered =
          TABLE.stream().anyMatch(r -> key.equals(r.theirs()) || key.startsWith(r.theirs() + "."));
      if (covered) {
        continue;
      }
      boolean container = TABLE.stream().anyMatch(r -> r.theirs().startsWith(key + "."));
      if (container && entry.getValue() instanceof Map<?, ?> inner) {
        unknowns(Yaml.cast(inner), key, m);
      } else if (!container || entry.getValue() != null) {
        m.unknown(key, entry.getValue(), "not a value of deliveryhero's chart (2.9.2); left out");
      }
    }
  }

  /** Carried when the user changed it from their default; else this chart's default stands. */
  private static Rule unlessDefault(String ours, String why, Function<Object, String> customNote) {
    return (m, key, value, all) -> {
      String theirKey = key.replace(" (their default)", "");
      Object theirDefault = Migration.find(defaults(), theirKey).orElse(null);
      if (Objects.equals(theirDefault, value)) {
        m.drop(key, value, "their default; " + why);
      } else {
        m.carry(key, value, ours);
        String note = customNote.apply(value);
        if (!note.isEmpty()) {
          m.note(ours + ": " + note);
        }
      }
    };
  }

  /** The memory limit this chart's default has (192Mi): a lower one is said. */
  private static String memoryNote(Object resources) {
    Object limit =
        resources instanceof Map<?, ?> r && r.get("limits") instanceof Map<?, ?> l
            ? l.get("memory")
            : null;
    Long mebibytes = limit == null ? null : mebibytes(String.valueOf(limit));
    if (limit == null) {
      return "";
    }
    if (mebibytes != null && mebibytes >= 192) {
      return "";
    }
    return "the memory limit "
        + limit
        + " is below this chart's 192Mi: the agent plateaus at about 136 MiB once warm"
        + " (docs/operations.md), an OOM kill leaves the node's pods without DNS until it restarts";
  }

  private static Long mebibytes(String quantity) {
    Matcher q = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|M|G)?").matcher(quantity.strip());
    if (!q.matches()) {
      return null;
    }
    long n = Long.parseLong(q.group(1));
    return switch (q.group(2) == null ? "" : q.group(2)) {
      case "Ki" -> n / 1024;
      case "k" -> n * 1000 / (1024 * 1024);
      case "Mi" -> n;
      case "M" -> n * 1_000_000 / (1024 * 1024);
      case "Gi" -> n * 1024;
      case "G" -> n * 1_000_000_000 / (1024 * 1024);
      default -> n / (1024 * 1024);
    };
  }

  private static void upstreamService(
      Migration m, String key, Object value, Map<String, Object> all) {
    if (value == null || "".equals(value)) {
      m.drop(
          key,
          value,
          "this chart renders the Service in front of CoreDNS (kube-dns-upstream) as theirs does"
              + " (theirs names it <release>-upstream)");
      return;
    }
    m.change(key, value, UPSTREAM_SERVICE + ".create", false, "use their existing Service");
    m.carry(key, value, UPSTREAM_SERVICE + ".name");
  }

  private static void upstreamSelector(
      Migration m, String key, Object value, Map<String, Object> all) {
    if (Objects.equals(value, Map.of("k8s-app", "kube-dns"))) {
      m.drop(key, value, "this chart's default selector is the same");
    } else {
      m.carry(key, value, UPSTREAM_SERVICE + ".selector");
    }
  }

  private static void protocol(Migration m, String key, Object value, Map<String, Object> all) {
    switch (String.valueOf(value).strip()) {
      case "force_tcp" -> m.change(key, value, FORCE_TCP, true, "");
      case "prefer_udp" -> {
        m.change(key, value, FORCE_TCP, false, "");
        m.change(key, value, PREFER_UDP, true, "");
      }
      case "", "null" ->
          m.change(key, value, FORCE_TCP, false, "forward asks over the query's own protocol");
      default ->
          m.drop(
              key,
              value,
              "NOT CARRIED: their chart writes it into forward's block as it is; this chart takes"
                  + " force_tcp or prefer_udp (forceTCP, preferUDP)");
    }
  }

  /** Their {@code upstreamServers}: one string, servers separated by spaces. */
  private static void upstreamServers(
      Migration m, String key, Object value, Map<String, Object> all) {
    String text = value == null ? "" : String.valueOf(value).strip();
    if (text.isEmpty()
        || text.equals("__PILLAR__UPSTREAM__SERVERS__")
        || text.equals("/etc/resolv.conf")) {
      m.change(
          key,
          value,
          UPSTREAM_SERVERS,
          List.of(),
          "empty: the node's /etc/resolv.conf, as theirs (the agent fills it in)");
      return;
    }
    List<String> servers = List.of(text.split("\\s+"));
    List<String> ips = servers.stream().filter(DeliveryheroValues::isServer).toList();
    if (ips.size() != servers.size()) {
      m.drop(
          key,
          value,
          "NOT CARRIED: this chart's upstream.servers takes IP or IP:port only (use"
              + " extraServerBlocks or customConfig for other forms)");
      return;
    }
    m.change(key, value, UPSTREAM_SERVERS, ips, "a list");
  }

  static boolean isServer(String server) {
    return server.matches("(\\d{1,3}\\.){3}\\d{1,3}(:\\d{1,5})?")
        || server.matches("[0-9A-Fa-f:]+")
        || server.matches("\\[[0-9A-Fa-f:]+]:\\d{1,5}");
  }

  /** The forward options CoreDNS knows: a map value that starts with one is a whole line. */
  private static final Set<String> FORWARD_OPTIONS_KNOWN =
      Set.of(
          "except",
          "force_tcp",
          "prefer_udp",
          "expire",
          "max_fails",
          "tls",
          "tls_servername",
          "policy",
          "health_check",
          "max_concurrent",
          "next",
          "failfast_all_unhealthy_upstreams",
          "failover",
          "max_idle_conns");

  /**
   * Their {@code upstreamForwardConfig}: their template ranges over it and writes each element (a
   * list) or each value in key order (a map) as a line of forward's block. The lines are carried as
   * a list, which writes the same lines here.
   */
  private static void forwardConfig(
      Migration m, String key, Object value, Map<String, Object> all) {
    List<String> lines = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(line -> lines.add(String.valueOf(line)));
    } else if (value instanceof Map<?, ?> map) {
      for (var entry : new TreeMap<>(Yaml.cast(map)).entrySet()) {
        String line = String.valueOf(entry.getValue());
        String first = line.strip().split("\\s+")[0];
        if (!FORWARD_OPTIONS_KNOWN.contains(first)
            && FORWARD_OPTIONS_KNOWN.contains(entry.getKey())) {
          m.note(
              key
                  + "."
                  + entry.getKey()
                  + ": their chart writes only the value (\""
                  + line
                  + "\"), which CoreDNS refuses; carried as \""
                  + entry.getKey()
                  + " "
                  + line
                  + "\"");
          line = entry.getKey() + " " + line;
        }
        lines.add(line);
      }
    } else if (value != null && !"".equals(value)) {
      lines.addAll(Arrays.asList(String.valueOf(value).strip().split("\\s*\\n\\s*")));
    }
    m.change(key, value, FORWARD_OPTIONS, lines, lines.isEmpty() ? "" : "the same lines");
  }

  private static final Map<String, String> TEMPLATE_NAMES =
      Map.of(
          ".Values.config.localDns", ".Values.localIP",
          ".Values.config.dnsServer", ".Values.kubeDNS.ip",
          ".Values.config.dnsDomain", ".Values.clusterDomain",
          ".Values.config.healthPort", ".Values.healthPort",
          ".Values.config.cacheTTL", ".Values.cache.external.ttl");

  /** Their customConfig is templated too: their value names become ours. */
  private static void customConfig(Migration m, String key, Object value, Map<String, Object> all) {
    String text = value == null ? "" : String.valueOf(value);
    if (text.isEmpty()) {
      m.carry(key, value, CUSTOM_CONFIG);
      return;
    }
    String ours = text;
    for (var name : TEMPLATE_NAMES.entrySet()) {
      ours = ours.replace(name.getKey(), name.getValue());
    }
    if (ours.equals(text)) {
      m.carry(key, value, CUSTOM_CONFIG);
    } else {
      m.change(key, "(text)", CUSTOM_CONFIG, ours, "their .Values.config names renamed to ours");
    }
    if (ours.contains(".Values.config.")) {
      m.note(CUSTOM_CONFIG + " still names .Values.config.*, which this chart does not have");
    }
    if (!ours.contains("ready")) {
      m.note(
          CUSTOM_CONFIG
              + " has no `ready`: add `ready LOCAL_IP:8181` to a block, or the pods never turn"
              + " ready (this chart's readiness probe asks it)");
    }
  }

  private static void dashboardLabel(
      Migration m, String key, Object value, Map<String, Object> all) {
    if ("grafana_dashboard".equals(value) || value == null || "".equals(value)) {
      m.change(key, value, DASHBOARD + ".labels", Map.of("grafana_dashboard", "1"), "");
      return;
    }
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put(String.valueOf(value), "1");
    labels.put("grafana_dashboard", null);
    m.change(key, value, DASHBOARD + ".labels", labels, "null removes this chart's default label");
  }

  /** Theirs writes the prometheus.io annotations unless a ServiceMonitor is enabled. */
  private static void scrapeAnnotations(
      Migration m, String key, Object value, Map<String, Object> all) {
    boolean monitor =
        Boolean.TRUE.equals(Migration.find(all, "serviceMonitor.enabled").orElse(false));
    boolean annotations = Boolean.TRUE.equals(value) && !monitor;
    if (monitor && Boolean.TRUE.equals(value)) {
      m.change(
          key,
          value,
          SCRAPE_ANNOTATIONS,
          false,
          "theirs leaves the annotations out when serviceMonitor.enabled");
    } else {
      m.change(key, value, SCRAPE_ANNOTATIONS, annotations, "");
    }
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }
}
