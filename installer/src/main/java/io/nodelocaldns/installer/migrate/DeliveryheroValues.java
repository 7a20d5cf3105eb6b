package io.nodelocaldns.installer.migrate;

import static io.nodelocaldns.installer.migrate.OurValues.*;

import io.nodelocaldns.installer.values.ValuesTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * deliveryhero's node-local-dns chart (2.9.2) values as this chart's: the table below says, value
 * by value, where each goes (charts/README.md, "From the deliveryhero chart", is the same table in
 * words). Their defaults (resource {@code deliveryhero-values.yaml}) fill in what the user's file
 * leaves out, since their release runs with those; a row that should act only on a value the user
 * gave checks {@link Their#given()}.
 */
public final class DeliveryheroValues {
  /** One of their values: its key, its value, whether the user gave it, all their values. */
  record Their(String key, Object value, boolean given, Map<String, Object> all) {
    /** The key as the report shows it: {@code config.cacheTTL (their default)}. */
    String label() {
      return given ? key : key + " (their default)";
    }
  }

  /** What to do with one of their values. */
  @FunctionalInterface
  interface Rule {
    void apply(Migration m, Their their);
  }

  private record Row(String theirs, Rule rule) {}

  /** Their value under our name, as it is. */
  private static Row to(String theirs, String ours) {
    return new Row(theirs, (m, t) -> m.carry(t.label(), t.value(), ours));
  }

  /** Their value under our name when the user gave it; their default is left to ours. */
  private static Row givenTo(String theirs, String ours) {
    return new Row(
        theirs,
        (m, t) -> {
          if (t.given()) {
            m.carry(t.label(), t.value(), ours);
          } else {
            m.drop(t.label(), t.value(), "not given: this chart's default (" + ours + ") stands");
          }
        });
  }

  /**
   * As {@link #givenTo(String, String)}, where {@code same} means what this chart's default means
   * (e.g. {@code kube-system} for a namespace whose default, empty, is kube-system).
   */
  private static Row givenTo(String theirs, String ours, Object same, String meaning) {
    Row given = givenTo(theirs, ours);
    return new Row(
        theirs,
        (m, t) -> {
          if (Objects.equals(same, t.value())) {
            m.drop(
                t.label(), t.value(), "what this chart's default (" + ours + ") means: " + meaning);
          } else {
            given.rule().apply(m, t);
          }
        });
  }

  private static Row drop(String theirs, String why) {
    return new Row(theirs, (m, t) -> m.drop(t.label(), t.value(), why));
  }

  private static Row rule(String theirs, Rule rule) {
    return new Row(theirs, rule);
  }

  /** The table: every value of theirs, in their values.yaml's order. */
  private static final List<Row> TABLE =
      List.of(
          drop(
              "image.repository",
              "their image is the upstream node-cache; this chart runs its own agent (image.*"
                  + " defaults to the chart's)"),
          drop("image.tag", "a tag of the other image"),
          givenTo("config.dnsDomain", CLUSTER_DOMAIN),
          givenTo("config.dnsServer", KUBE_DNS_IP),
          rule("config.localDns", (m, t) -> m.carry(t.label(), t.value(), LOCAL_IP)),
          rule("config.customUpstreamsvc", DeliveryheroRules::upstreamService),
          rule("config.upstreamServiceSelector", DeliveryheroRules::upstreamSelector),
          rule("config.bindIp", DeliveryheroRules::bindIp),
          rule("config.commProtocol", DeliveryheroRules::protocol),
          rule("config.enableLogging", DeliveryheroRules::logging),
          to("config.noIPv6Lookups", NO_IPV6_LOOKUPS),
          rule(
              "config.cacheTTL",
              (m, t) -> {
                m.carry(t.label(), t.value(), CACHE_REVERSE_TTL);
                m.carry(t.label(), t.value(), CACHE_EXTERNAL_TTL);
              }),
          to("config.prefetch.enabled", PREFETCH + ".enabled"),
          to("config.prefetch.amount", PREFETCH + ".amount"),
          to("config.prefetch.duration", PREFETCH + ".duration"),
          to("config.prefetch.percentage", PREFETCH + ".percentage"),
          to("config.serveStale.enabled", SERVE_STALE + ".enabled"),
          rule("config.serveStale.duration", DeliveryheroRules::serveStaleDuration),
          to("config.serveStale.mode", SERVE_STALE + ".mode"),
          to("config.healthPort", HEALTH_PORT),
          rule("config.setupInterface", DeliveryheroRules::setupInterface),
          rule("config.setupIptables", DeliveryheroRules::setupIptables),
          rule("config.skipTeardown", DeliveryheroRules::skipTeardown),
          rule("config.extraServerBlocks", DeliveryheroRules::extraServerBlocks),
          rule("config.customConfig", DeliveryheroRules::customConfig),
          drop(
              "config.port.number",
              "it only set their containerPort (their Corefile always says :53); this chart"
                  + " declares no containerPorts and serves on 53"),
          drop("config.port.tcp", "a port name; this chart declares no containerPorts"),
          drop("config.port.udp", "a port name; this chart declares no containerPorts"),
          rule("config.upstreamServers", DeliveryheroRules::upstreamServers),
          rule("config.upstreamForwardConfig", DeliveryheroRules::forwardConfig),
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
          rule("updateStrategy", DeliveryheroRules::updateStrategy),
          to("initContainers", INIT_CONTAINERS),
          rule("securityContext", DeliveryheroRules::securityContext),
          to("serviceMonitor.enabled", SERVICE_MONITOR + ".enabled"),
          to("serviceMonitor.labels", SERVICE_MONITOR + ".labels"),
          to("serviceMonitor.path", SERVICE_MONITOR + ".path"),
          to("serviceMonitor.honorLabels", SERVICE_MONITOR + ".honorLabels"),
          to("serviceMonitor.interval", SERVICE_MONITOR + ".interval"),
          to("serviceMonitor.scrapeTimeout", SERVICE_MONITOR + ".scrapeTimeout"),
          rule("serviceMonitor.metricRelabelings", DeliveryheroRules::metricRelabelings),
          to("serviceMonitor.relabelings", SERVICE_MONITOR + ".relabelings"),
          drop(
              "serviceMonitor.namePrefix",
              "this chart's ServiceMonitor is named node-local-dns; Prometheus selects"
                  + " ServiceMonitors by labels and namespace, not by name"),
          givenTo(
              "serviceMonitor.prometheusNamespace",
              SERVICE_MONITOR + ".namespace",
              "kube-system",
              "empty, kube-system"),
          to("dashboard.enabled", DASHBOARD + ".enabled"),
          givenTo(
              "dashboard.namespace",
              DASHBOARD + ".namespace",
              "kube-system",
              "empty, the release's namespace, which is kube-system"),
          rule("dashboard.label", DeliveryheroRules::dashboardLabel),
          to("dashboard.annotations", DASHBOARD + ".annotations"),
          rule("resources", DeliveryheroRules::resources),
          to("lifecycle", LIFECYCLE),
          to("resizePolicy", RESIZE_POLICY),
          to("affinity", AFFINITY),
          rule("imagePullSecrets", DeliveryheroRules::imagePullSecrets),
          rule("prometheusScraping.enabled", DeliveryheroRules::scrapeAnnotations),
          rule("tolerations", DeliveryheroRules::tolerations));

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
    Map<String, Object> theirs = ValuesTree.merge(defaults(), user);
    for (Row row : TABLE) {
      if (Yaml.has(theirs, row.theirs())) {
        Object value = Migration.find(theirs, row.theirs()).orElse(null);
        row.rule().apply(m, new Their(row.theirs(), value, Yaml.has(user, row.theirs()), theirs));
      }
    }
    DeliveryheroRules.serviceMonitorTimings(m, theirs);
    unknowns(user, "", m);
    return m;
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
}
