package io.nodelocaldns.installer.migrate;

import static io.nodelocaldns.installer.migrate.OurValues.*;

import io.nodelocaldns.installer.migrate.DeliveryheroValues.Their;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rows of {@link DeliveryheroValues}'s table that do more than carry a value over. */
final class DeliveryheroRules {
  private DeliveryheroRules() {}

  /** The capabilities this chart's agent runs with; a capabilities list replaces them whole. */
  private static final List<String> OUR_CAPABILITIES =
      List.of("NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW");

  /** This chart's default memory limit, in MiB (a warm agent plateaus at about 136 MiB). */
  private static final long OUR_MEMORY_LIMIT_MIB = 192;

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

  private static boolean isDefault(Their t) {
    return Objects.equals(
        Migration.find(DeliveryheroValues.defaults(), t.key()).orElse(null), t.value());
  }

  static void upstreamService(Migration m, Their t) {
    if (t.value() == null || "".equals(t.value())) {
      m.drop(
          t.label(),
          t.value(),
          "this chart renders the Service in front of CoreDNS (kube-dns-upstream), as theirs does"
              + " (theirs names it <release>-upstream)");
      return;
    }
    m.change(
        t.label(),
        t.value(),
        UPSTREAM_SERVICE + ".create",
        false,
        "their existing Service, which must be in kube-system");
    m.carry(t.label(), t.value(), UPSTREAM_SERVICE + ".name");
  }

  static void upstreamSelector(Migration m, Their t) {
    if (Objects.equals(t.value(), Map.of("k8s-app", "kube-dns"))) {
      m.drop(t.label(), t.value(), "this chart's default selects the same pods");
    } else {
      m.carry(t.label(), t.value(), UPSTREAM_SERVICE + ".selector");
    }
  }

  static void bindIp(Migration m, Their t) {
    m.drop(
        t.label(),
        t.value(),
        Boolean.TRUE.equals(t.value())
            ? "theirs binds the local IP and the kube-dns IP, which this chart does by default"
            : "theirs binds 0.0.0.0; this chart binds the addresses it serves on (bindAnyAddress:"
                + " true would be theirs, but the wildcard collides with systemd-resolved and"
                + " answers on the node's external addresses)");
  }

  static void protocol(Migration m, Their t) {
    switch (String.valueOf(t.value()).strip()) {
      case "force_tcp" -> m.change(t.label(), t.value(), FORCE_TCP, true, "");
      case "prefer_udp" -> {
        m.change(t.label(), t.value(), FORCE_TCP, false, "");
        m.change(t.label(), t.value(), PREFER_UDP, true, "");
      }
      case "", "null" ->
          m.change(
              t.label(), t.value(), FORCE_TCP, false, "forward asks over the query's own protocol");
      default ->
          m.stop(
              t.label(),
              t.value(),
              "their chart writes it into forward's block as it is; this chart takes force_tcp or"
                  + " prefer_udp (forceTCP, preferUDP)");
    }
  }

  static void logging(Migration m, Their t) {
    if (Boolean.TRUE.equals(t.value())) {
      m.change(
          t.label(),
          t.value(),
          LOG_QUERIES,
          true,
          "theirs logs the cluster domain's and `.`'s blocks; this chart logs every block");
    } else {
      m.carry(t.label(), t.value(), LOG_QUERIES);
    }
  }

  static void serveStaleDuration(Migration m, Their t) {
    if ("".equals(t.value()) || t.value() == null) {
      m.drop(
          t.label(),
          t.value(),
          "theirs then writes `serve_stale MODE`, which CoreDNS refuses; this chart needs a"
              + " duration (default 1h)");
    } else {
      m.carry(t.label(), t.value(), SERVE_STALE + ".duration");
    }
  }

  static void setupInterface(Migration m, Their t) {
    if (Boolean.FALSE.equals(t.value())) {
      m.appendArgs(t.label(), t.value(), List.of("-setupinterface=false"));
    } else {
      m.drop(t.label(), t.value(), "the agent sets up its interface by default");
    }
  }

  static void setupIptables(Migration m, Their t) {
    if (Boolean.FALSE.equals(t.value())) {
      m.stop(
          t.label(),
          t.value(),
          "theirs then runs the pod off the host network (hostNetwork: false, -localip without"
              + " dnsServer), the set-up for Cilium's Local Redirect Policy; this chart always"
              + " runs on the host network");
    } else {
      m.drop(t.label(), t.value(), "the agent sets up its rules by default");
    }
  }

  static void skipTeardown(Migration m, Their t) {
    if (Boolean.TRUE.equals(t.value())) {
      m.appendArgs(t.label(), t.value(), List.of("-skipteardown=true"));
    } else {
      m.drop(
          t.label(),
          t.value(),
          "the agent tears down on exit unless a successor holds the addresses (surge updates)");
    }
  }

  static void extraServerBlocks(Migration m, Their t) {
    Object custom = Migration.find(t.all(), "config.customConfig").orElse("");
    if (t.value() != null && !"".equals(t.value()) && !"".equals(custom)) {
      m.drop(
          t.label(),
          "(text)",
          "theirs ignores it when config.customConfig is set; this chart refuses the two"
              + " together");
    } else {
      m.carry(t.label(), t.value(), EXTRA_SERVER_BLOCKS);
    }
  }

  private static final Map<String, String> TEMPLATE_NAMES =
      Map.of(
          ".Values.config.localDns", ".Values.localIP",
          ".Values.config.dnsServer", ".Values.kubeDNS.ip",
          ".Values.config.dnsDomain", ".Values.clusterDomain",
          ".Values.config.healthPort", ".Values.healthPort");

  private static final Pattern VALUES_REFERENCE = Pattern.compile("\\.Values(\\.[A-Za-z0-9_]+)+");
  private static final Pattern HEALTH_LINE = Pattern.compile("(?m)^([ \\t]*)health(\\s.*)?$");
  private static final Pattern READY_LINE = Pattern.compile("(?m)^\\s*ready(\\s|$)");

  /**
   * Their customConfig is templated too: their value names become ours, and a {@code ready} line
   * goes after {@code health} (this chart's readiness probe asks for it; theirs has none).
   */
  static void customConfig(Migration m, Their t) {
    String text = t.value() == null ? "" : String.valueOf(t.value());
    if (text.isEmpty()) {
      m.carry(t.label(), t.value(), CUSTOM_CONFIG);
      return;
    }
    String ours = text;
    for (var name : TEMPLATE_NAMES.entrySet()) {
      ours = ours.replace(name.getKey(), name.getValue());
    }
    Matcher reference = VALUES_REFERENCE.matcher(ours);
    while (reference.find()) {
      if (!TEMPLATE_NAMES.containsValue(reference.group())) {
        m.stop(
            t.label(),
            "(text)",
            "it names " + reference.group() + ", a value this migration cannot translate");
        return;
      }
    }
    if (!READY_LINE.matcher(ours).find()) {
      Matcher health = HEALTH_LINE.matcher(ours);
      if (!health.find()) {
        m.stop(
            t.label(),
            "(text)",
            "it has no health line, which this chart's liveness probe asks (and no ready)");
        return;
      }
      ours =
          ours.substring(0, health.end())
              + "\n"
              + health.group(1)
              + "ready {{ .Values.localIP }}:{{ .Values.readyPort }}"
              + ours.substring(health.end());
    }
    m.change(
        t.label(),
        "(text)",
        CUSTOM_CONFIG,
        ours,
        "their .Values.config names renamed to ours; a ready line after health");
  }

  /** Their {@code upstreamServers}: one string, servers separated by spaces. */
  static void upstreamServers(Migration m, Their t) {
    String text = t.value() == null ? "" : String.valueOf(t.value()).strip();
    if (text.isEmpty() || text.equals("__PILLAR__UPSTREAM__SERVERS__")) {
      m.drop(
          t.label(),
          t.value(),
          "the node's /etc/resolv.conf (or the kube-dns ConfigMap's upstreamNameservers), as this"
              + " chart does by default");
      return;
    }
    List<String> servers = List.of(text.split("\\s+"));
    if (!servers.stream().allMatch(DeliveryheroRules::isServer)) {
      m.stop(
          t.label(),
          t.value(),
          "upstream.servers takes IP, IP:port or [IPv6]:port (for the node's resolv.conf leave"
              + " it empty: the agent also honours the kube-dns ConfigMap's upstreamNameservers)");
      return;
    }
    m.change(t.label(), t.value(), UPSTREAM_SERVERS, servers, "a list");
  }

  static boolean isServer(String server) {
    return server.matches("(\\d{1,3}\\.){3}\\d{1,3}(:\\d{1,5})?")
        || server.matches("[0-9A-Fa-f:]*:[0-9A-Fa-f:]*")
        || server.matches("\\[[0-9A-Fa-f:]+]:\\d{1,5}");
  }

  /**
   * Their {@code upstreamForwardConfig}: their template ranges over it and writes each element (a
   * list) or each value in key order (a map) as a line of forward's block. The lines are carried as
   * a list, which writes the same lines here.
   */
  static void forwardConfig(Migration m, Their t) {
    List<String> lines = new ArrayList<>();
    if (t.value() instanceof List<?> list) {
      list.forEach(line -> lines.add(String.valueOf(line)));
    } else if (t.value() instanceof Map<?, ?> map) {
      for (var entry : new TreeMap<>(Yaml.cast(map)).entrySet()) {
        String line = String.valueOf(entry.getValue());
        String first = line.strip().split("\\s+")[0];
        if (!FORWARD_OPTIONS_KNOWN.contains(first)
            && FORWARD_OPTIONS_KNOWN.contains(entry.getKey())) {
          m.note(
              t.key()
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
    }
    m.change(t.label(), t.value(), FORWARD_OPTIONS, lines, lines.isEmpty() ? "" : "the same lines");
  }

  static void updateStrategy(Migration m, Their t) {
    if (isDefault(t)) {
      m.drop(
          t.label(),
          t.value(),
          "their default stops a node's cache during its update; this chart surges (the new pod"
              + " serves before the old one stops)");
      return;
    }
    Map<String, Object> strategy = Yaml.cast(t.value() instanceof Map<?, ?> s ? s : Map.of());
    if (strategy.get("rollingUpdate") instanceof Map<?, ?> rolling
        && !rolling.containsKey("maxSurge")) {
      Map<String, Object> ours = new LinkedHashMap<>(strategy);
      Map<String, Object> update = new LinkedHashMap<>(Yaml.cast(rolling));
      update.put("maxSurge", 0);
      ours.put("rollingUpdate", update);
      m.change(
          t.label(),
          t.value(),
          UPDATE_STRATEGY,
          ours,
          "maxSurge 0 added: Helm would merge this chart's 10% into yours");
    } else {
      m.carry(t.label(), t.value(), UPDATE_STRATEGY);
    }
  }

  /**
   * Their securityContext replaces the runtime's; ours is merged over this chart's hardened one,
   * where a capabilities list replaces this chart's whole: the agent's three go first.
   */
  static void securityContext(Migration m, Their t) {
    if (isDefault(t)) {
      m.drop(
          t.label(),
          t.value(),
          "their default (NET_ADMIN on the runtime's set); this chart's is hardened and has the"
              + " capabilities the agent needs");
      return;
    }
    Map<String, Object> ours =
        new LinkedHashMap<>(Yaml.cast(t.value() instanceof Map<?, ?> s ? s : Map.of()));
    if (ours.get("capabilities") instanceof Map<?, ?> caps
        && caps.get("add") instanceof List<?> add) {
      Map<String, Object> capabilities = new LinkedHashMap<>(Yaml.cast(caps));
      List<Object> extra =
          add.stream()
              .filter(c -> !OUR_CAPABILITIES.contains(String.valueOf(c)))
              .map(c -> (Object) c)
              .toList();
      if (extra.isEmpty()) {
        capabilities.remove("add");
      } else {
        List<Object> all = new ArrayList<>(OUR_CAPABILITIES);
        all.addAll(extra);
        capabilities.put("add", all);
      }
      if (capabilities.isEmpty()) {
        ours.remove("capabilities");
      } else {
        ours.put("capabilities", capabilities);
      }
    }
    if (ours.isEmpty()) {
      m.drop(t.label(), t.value(), "nothing this chart's hardened one does not already have");
    } else {
      m.change(
          t.label(),
          t.value(),
          SECURITY_CONTEXT,
          ours,
          "merged over this chart's; a capabilities list replaces this chart's, so the agent's"
              + " NET_ADMIN, NET_BIND_SERVICE and NET_RAW lead it");
    }
  }

  static void metricRelabelings(Migration m, Their t) {
    if (String.valueOf(t.value()).contains("{{")) {
      m.stop(
          t.label(),
          t.value(),
          "theirs passes it through tpl; this chart does not, so a template in it would be"
              + " written as it is");
    } else {
      m.carry(t.label(), t.value(), SERVICE_MONITOR + ".metricRelabelings");
    }
  }

  static void dashboardLabel(Migration m, Their t) {
    if (!t.given() || "grafana_dashboard".equals(t.value()) || "".equals(t.value())) {
      m.change(t.label(), t.value(), DASHBOARD + ".labels", Map.of("grafana_dashboard", "1"), "");
      return;
    }
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put(String.valueOf(t.value()), "1");
    labels.put("grafana_dashboard", null);
    m.change(
        t.label(),
        t.value(),
        DASHBOARD + ".labels",
        labels,
        "null removes this chart's grafana_dashboard label, which Helm would merge in");
  }

  static void resources(Migration m, Their t) {
    if (isDefault(t)) {
      m.drop(
          t.label(),
          t.value(),
          "their default's 128Mi memory limit would OOM-kill this agent once warm; this chart's"
              + " defaults are measured (docs/operations.md)");
      return;
    }
    m.carry(t.label(), t.value(), RESOURCES);
    Object limit =
        t.value() instanceof Map<?, ?> r && r.get("limits") instanceof Map<?, ?> l
            ? l.get("memory")
            : null;
    Long mebibytes = limit == null ? null : mebibytes(String.valueOf(limit));
    if (limit != null && (mebibytes == null || mebibytes < OUR_MEMORY_LIMIT_MIB)) {
      m.note(
          "resources: the memory limit "
              + limit
              + " is below this chart's "
              + OUR_MEMORY_LIMIT_MIB
              + "Mi: the agent plateaus at about 136 MiB once warm (docs/operations.md), and an"
              + " OOM kill leaves the node's pods without DNS until it restarts");
    }
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

  static void imagePullSecrets(Migration m, Their t) {
    m.carry(t.label(), t.value(), IMAGE_PULL_SECRETS);
    if (t.value() instanceof List<?> l && !l.isEmpty()) {
      m.note(
          "imagePullSecrets: they were for their image's registry; this chart's image is on"
              + " ghcr.io");
    }
  }

  /** Theirs writes the prometheus.io annotations unless a ServiceMonitor is enabled. */
  static void scrapeAnnotations(Migration m, Their t) {
    boolean monitor =
        Boolean.TRUE.equals(Migration.find(t.all(), "serviceMonitor.enabled").orElse(false));
    if (monitor && Boolean.TRUE.equals(t.value())) {
      m.change(
          t.label(),
          t.value(),
          SCRAPE_ANNOTATIONS,
          false,
          "theirs leaves the annotations out when serviceMonitor.enabled");
    } else {
      m.change(t.label(), t.value(), SCRAPE_ANNOTATIONS, Boolean.TRUE.equals(t.value()), "");
    }
  }

  static void tolerations(Migration m, Their t) {
    if (isDefault(t)) {
      m.drop(t.label(), t.value(), "this chart tolerates every taint, theirs included");
    } else {
      m.carry(t.label(), t.value(), TOLERATIONS);
      m.note("tolerations: yours replace this chart's, which tolerate every taint");
    }
  }

  /** Theirs leaves a ServiceMonitor's timings to Prometheus; this chart sets them. */
  static void serviceMonitorTimings(Migration m, Map<String, Object> theirs) {
    if (!Boolean.TRUE.equals(Migration.find(theirs, "serviceMonitor.enabled").orElse(false))) {
      return;
    }
    for (String timing : List.of("interval", "scrapeTimeout")) {
      if (!Yaml.has(theirs, "serviceMonitor." + timing)) {
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
}
