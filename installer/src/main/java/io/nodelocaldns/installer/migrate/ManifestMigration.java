package io.nodelocaldns.installer.migrate;

import static io.nodelocaldns.installer.migrate.OurValues.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * An edited upstream nodelocaldns.yaml as this chart's values: its DaemonSet's args and pod
 * settings (local IP, kube-dns IP, mode, agent flags, resources, probes...) here, its ConfigMap's
 * Corefile in {@link CorefileMigration}.
 */
public final class ManifestMigration {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Migration m;
  private final List<JsonNode> objects;

  private ManifestMigration(Migration m, List<JsonNode> objects) {
    this.m = m;
    this.objects = objects;
  }

  /** The manifest's text (multi-document YAML) as this chart's values. */
  public static Migration migrate(String manifest, Map<String, Object> ourDefaults) {
    List<JsonNode> objects = new ArrayList<>();
    for (String doc : manifest.split("(?m)^---\\s*$")) {
      JsonNode node = YAML.readTree(doc);
      if (node != null && node.isObject() && node.has("kind")) {
        objects.add(node);
      }
    }
    ManifestMigration migration =
        new ManifestMigration(
            new Migration("an upstream nodelocaldns.yaml manifest", ourDefaults), objects);
    migration.run();
    return migration.m;
  }

  private void run() {
    JsonNode configMap =
        find("ConfigMap", n -> n.path("data").has("Corefile"))
            .orElseThrow(
                () -> new IllegalArgumentException("no ConfigMap with a Corefile in the manifest"));
    JsonNode daemonSet =
        find("DaemonSet", n -> true)
            .orElseThrow(() -> new IllegalArgumentException("no DaemonSet in the manifest"));
    JsonNode container = container(daemonSet);
    Map<String, String> args = args(container.path("args"));
    localIps(args);
    CorefileMigration.migrate(configMap.path("data").path("Corefile").asString(), m);
    agentFlags(args);
    upstreamService(args.get("-upstreamsvc"));
    pod(daemonSet, container);
  }

  private Optional<JsonNode> find(String kind, java.util.function.Predicate<JsonNode> test) {
    return objects.stream()
        .filter(n -> n.path("kind").asString().equals(kind))
        .filter(test)
        .findFirst();
  }

  private static JsonNode container(JsonNode daemonSet) {
    JsonNode containers = daemonSet.path("spec").path("template").path("spec").path("containers");
    for (JsonNode c : containers) {
      if (c.path("name").asString().equals("node-cache")) {
        return c;
      }
    }
    return containers.path(0);
  }

  /** {@code ["-localip", "a,b", "-conf=/etc/Corefile"]} as a map of flag to value. */
  private static Map<String, String> args(JsonNode args) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> words = new ArrayList<>();
    args.forEach(a -> words.add(a.asString()));
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      int eq = word.indexOf('=');
      if (eq > 0) {
        out.put(word.substring(0, eq), word.substring(eq + 1));
      } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
        out.put(word, words.get(++i));
      } else {
        out.put(word, "true");
      }
    }
    return out;
  }

  static boolean placeholder(String value) {
    return value == null || value.contains("__PILLAR__");
  }

  private void localIps(Map<String, String> args) {
    String localip = args.getOrDefault("-localip", "");
    String[] ips = localip.split(",");
    if (!placeholder(ips[0]) && !ips[0].isEmpty()) {
      m.carry("DaemonSet -localip (local IP)", ips[0], LOCAL_IP);
    } else {
      m.drop("DaemonSet -localip", localip, "a placeholder: the chart's default local IP applies");
    }
    if (ips.length > 1) {
      m.change(
          "DaemonSet -localip",
          localip,
          MODE,
          "iptables",
          "two addresses: iptables mode (the cache also takes the kube-dns IP)");
      if (!placeholder(ips[1])) {
        m.carry("DaemonSet -localip (kube-dns IP)", ips[1], KUBE_DNS_IP);
      }
    } else if (!localip.isEmpty()) {
      m.change(
          "DaemonSet -localip",
          localip,
          MODE,
          "ipvs",
          "one address: IPVS mode (pods reach the cache through kubelet's clusterDNS)");
    }
  }

  private void agentFlags(Map<String, String> args) {
    for (var arg : args.entrySet()) {
      String flag = arg.getKey();
      String value = arg.getValue();
      switch (flag) {
        case "-localip", "-upstreamsvc" -> {}
        case "-conf", "-basecorefile", "-pidfile", "-kubednscm" ->
            m.drop("DaemonSet " + flag, value, "the chart sets the agent's files itself");
        case "-setupinterface", "-skipteardown", "-syncinterval" -> {
          boolean asDefault =
              (flag.equals("-setupinterface") && value.equals("true"))
                  || (flag.equals("-skipteardown") && value.equals("false"));
          if (asDefault) {
            m.drop("DaemonSet " + flag, value, "the agent's default");
          } else {
            m.appendArgs("DaemonSet " + flag, value, List.of(flag + "=" + value));
          }
        }
        case "-setupiptables" -> {
          if (value.equals("true")) {
            m.drop("DaemonSet " + flag, value, "the agent's default");
          } else {
            m.stop(
                "DaemonSet " + flag,
                value,
                "without its rules the cache is reached only through something else (e.g."
                    + " Cilium's Local Redirect Policy); this chart always sets them up");
          }
        }
        default ->
            m.stop("DaemonSet " + flag, value, "not a flag this chart passes on (extraArgs can)");
      }
    }
  }

  private void upstreamService(String name) {
    if (name == null || placeholder(name)) {
      return;
    }
    Optional<JsonNode> service =
        find("Service", s -> s.path("metadata").path("name").asString().equals(name));
    if (name.equals("kube-dns-upstream")) {
      m.drop("DaemonSet -upstreamsvc", name, "this chart's Service has the same name");
    } else if (service.isPresent()) {
      m.carry("DaemonSet -upstreamsvc", name, UPSTREAM_SERVICE + ".name");
    } else {
      m.change(
          "DaemonSet -upstreamsvc",
          name,
          UPSTREAM_SERVICE + ".create",
          false,
          "not in the manifest: an existing Service");
      m.carry("DaemonSet -upstreamsvc", name, UPSTREAM_SERVICE + ".name");
    }
    service.ifPresent(
        s -> {
          Object selector = YAML.convertValue(s.path("spec").path("selector"), Object.class);
          if (!Objects.equals(selector, Map.of("k8s-app", "kube-dns"))) {
            m.carry("Service " + name + " selector", selector, UPSTREAM_SERVICE + ".selector");
          }
        });
  }

  private static final Map<String, Object> UPSTREAM_RESOURCES =
      Map.of("requests", Map.of("cpu", "25m", "memory", "5Mi"));

  private void pod(JsonNode daemonSet, JsonNode container) {
    Object resources = YAML.convertValue(container.path("resources"), Object.class);
    if (resources != null && !Objects.equals(resources, UPSTREAM_RESOURCES)) {
      m.carry("DaemonSet resources", resources, RESOURCES);
    } else if (resources != null) {
      m.drop(
          "DaemonSet resources",
          resources,
          "upstream's own (5Mi): the chart's defaults are measured for this agent"
              + " (docs/operations.md)");
    }
    m.drop(
        "DaemonSet image",
        container.path("image").asString(),
        "this chart runs its own agent (image.* defaults to the chart's)");
    JsonNode probe = container.path("livenessProbe");
    for (String timing :
        List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "failureThreshold")) {
      if (probe.has(timing)) {
        m.carry(
            "DaemonSet livenessProbe." + timing,
            probe.path(timing).asLong(),
            LIVENESS_PROBE + "." + timing);
      }
    }
    JsonNode spec = daemonSet.path("spec");
    JsonNode podSpec = spec.path("template").path("spec");
    Object strategy = YAML.convertValue(spec.path("updateStrategy"), Object.class);
    if (strategy != null
        && !Objects.equals(strategy, Map.of("rollingUpdate", Map.of("maxUnavailable", "10%")))) {
      m.carry("DaemonSet updateStrategy", strategy, UPDATE_STRATEGY);
    } else if (strategy != null) {
      m.drop(
          "DaemonSet updateStrategy",
          strategy,
          "upstream's stops a node's cache during its update; this chart surges");
    }
    Object tolerations = YAML.convertValue(podSpec.path("tolerations"), Object.class);
    if (tolerations != null) {
      m.drop(
          "DaemonSet tolerations",
          tolerations,
          "this chart tolerates every taint, which covers these");
    }
    carryIfSet(podSpec, "priorityClassName", PRIORITY_CLASS_NAME);
    carryIfSet(podSpec, "nodeSelector", NODE_SELECTOR);
    carryIfSet(podSpec, "affinity", AFFINITY);
    carryIfSet(podSpec, "imagePullSecrets", IMAGE_PULL_SECRETS);
    Map<String, Object> annotations = new LinkedHashMap<>();
    spec.path("template")
        .path("metadata")
        .path("annotations")
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().startsWith("prometheus.io/")) {
                annotations.put(e.getKey(), e.getValue().asString());
              }
            });
    if (!annotations.isEmpty()) {
      m.carry("DaemonSet pod annotations", annotations, POD_ANNOTATIONS);
    }
  }

  private void carryIfSet(JsonNode podSpec, String field, String ours) {
    if (podSpec.has(field)) {
      m.carry("DaemonSet " + field, YAML.convertValue(podSpec.path(field), Object.class), ours);
    }
  }
}
