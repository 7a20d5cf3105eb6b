package io.nodelocaldns.installer.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.values.CacheMode;
import io.nodelocaldns.installer.values.LocalIps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The installed agent as the cluster shows it: read from the DaemonSet's container args (the
 * node-cache flags the chart renders), so that status, doctor and uninstall work whether it was
 * installed by this CLI, by {@code helm} or from rendered manifests.
 */
public record AgentDaemonSet(
    String namespace,
    String name,
    Map<String, String> selector,
    String container,
    LocalIps localIps,
    CacheMode mode,
    String interfaceName,
    String image) {
  public static final String DEFAULT_NAME = "node-local-dns";

  /** The DaemonSet named {@code name}, else one labelled as this chart's. */
  public static Optional<AgentDaemonSet> find(
      KubernetesClient client, String namespace, String name) {
    DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(name).get();
    if (ds == null) {
      ds =
          client
              .apps()
              .daemonSets()
              .inNamespace(namespace)
              .withLabel("app.kubernetes.io/name", "node-local-dns")
              .list()
              .getItems()
              .stream()
              .findFirst()
              .orElse(null);
    }
    return Optional.ofNullable(ds).map(AgentDaemonSet::of);
  }

  static AgentDaemonSet of(DaemonSet ds) {
    Container c = ds.getSpec().getTemplate().getSpec().getContainers().getFirst();
    List<String> args = new ArrayList<>();
    if (c.getCommand() != null) {
      args.addAll(c.getCommand());
    }
    if (c.getArgs() != null) {
      args.addAll(c.getArgs());
    }
    LocalIps localIps = LocalIps.parse(flag(args, "localip").orElse(""));
    // the chart says --mode; upstream's manifest says it with -localip alone
    CacheMode mode = flag(args, "mode").flatMap(CacheMode::parse).orElse(localIps.impliedMode());
    return new AgentDaemonSet(
        ds.getMetadata().getNamespace(),
        ds.getMetadata().getName(),
        ds.getSpec().getSelector().getMatchLabels(),
        c.getName(),
        localIps,
        mode,
        flag(args, "interfacename").orElse("nodelocaldns"),
        c.getImage());
  }

  /** The first node-local address (health and ready are there), if {@code -localip} has one. */
  public Optional<String> localIp() {
    return Optional.of(localIps.first()).filter(ip -> !ip.isEmpty());
  }

  /** The image's tag, or the whole reference when it has none. */
  public String imageTag() {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash ? image.substring(colon + 1) : image;
  }

  /** The agent's pods, by node name. */
  public List<Pod> pods(KubernetesClient client) {
    return client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(p -> String.valueOf(p.getSpec().getNodeName())))
        .toList();
  }

  public static boolean ready(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    return pod.getStatus().getConditions().stream()
        .anyMatch((PodCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** {@code -flag value}, {@code -flag=value}, {@code --flag value} or {@code --flag=value}. */
  public static Optional<String> flag(List<String> args, String flag) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i).replaceFirst("^--?", "-");
      if (arg.equals("-" + flag) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
      if (arg.startsWith("-" + flag + "=")) {
        return Optional.of(arg.substring(flag.length() + 2));
      }
    }
    return Optional.empty();
  }
}
