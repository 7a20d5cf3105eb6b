package io.nodelocaldns.installer.discovery;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads from the API server what the chart's values depend on: the kube-dns Service, the cluster
 * domain, kube-proxy's mode and the kind of cluster. Each lookup is separate so that a fact given
 * on the command line is never looked up.
 */
public final class ClusterDiscovery {
  /**
   * kubeadm and Kind: {@code kube-proxy}/{@code config.conf}; EKS: {@code kube-proxy-config}/{@code
   * config}.
   */
  private static final List<Map.Entry<String, String>> KUBE_PROXY_CONFIG_MAPS =
      List.of(Map.entry("kube-proxy", "config.conf"), Map.entry("kube-proxy-config", "config"));

  private static final Pattern COREFILE_KUBERNETES =
      Pattern.compile("(?m)^\\s*kubernetes\\s+(\\S+)");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String DEFAULT_DOMAIN = "cluster.local";

  private final KubernetesClient client;
  private final Consumer<String> notes;

  /** {@code notes} receives one-line remarks for stderr, e.g. a fallback that was taken. */
  public ClusterDiscovery(KubernetesClient client, Consumer<String> notes) {
    this.client = client;
    this.notes = notes;
  }

  /** All facts, nothing given on the command line. */
  public ClusterFacts discover() {
    return new ClusterFacts(
        kubeDns("kube-system", "kube-dns"),
        clusterDomain(),
        kubeProxyMode(),
        clusterType(),
        nodeNames());
  }

  /** The cluster DNS Service's ClusterIP(s) and families. */
  public Sourced<KubeDns> kubeDns(String namespace, String name) {
    String ref = namespace + "/" + name;
    Service service =
        call(
            "read Service " + ref,
            () -> client.services().inNamespace(namespace).withName(name).get());
    if (service == null) {
      throw new DiscoveryException(
          "no Service "
              + ref
              + " in the cluster (the cluster DNS Service): pass --kube-dns-ip <its ClusterIP> or"
              + " --kube-dns-service <namespace>/<name>");
    }
    List<String> ips = new ArrayList<>();
    if (service.getSpec().getClusterIPs() != null) {
      ips.addAll(service.getSpec().getClusterIPs());
    }
    if (ips.isEmpty() && service.getSpec().getClusterIP() != null) {
      ips.add(service.getSpec().getClusterIP());
    }
    ips.removeIf(ip -> ip == null || ip.isBlank() || "None".equals(ip));
    if (ips.isEmpty()) {
      throw new DiscoveryException(
          "Service "
              + ref
              + " has no ClusterIP (headless?): pass --kube-dns-ip <the cluster DNS IP>");
    }
    List<String> families =
        service.getSpec().getIpFamilies() == null ? List.of() : service.getSpec().getIpFamilies();
    return new Sourced<>(new KubeDns(namespace, name, ips, families), "Service " + ref);
  }

  /**
   * kubelet's {@code clusterDomain}, read from a node's live kubelet config ({@code configz}, which
   * needs {@code nodes/proxy}); else the domain CoreDNS serves (its Corefile's {@code kubernetes}
   * line); else {@value #DEFAULT_DOMAIN}, with a note.
   */
  public Sourced<String> clusterDomain() {
    List<String> nodes = nodeNames();
    if (!nodes.isEmpty()) {
      String node = nodes.getFirst();
      try {
        String configz = client.raw("/api/v1/nodes/" + node + "/proxy/configz");
        if (configz != null) {
          JsonNode domain = JSON.readTree(configz).path("kubeletconfig").path("clusterDomain");
          if (domain.isString() && !domain.asString().isBlank()) {
            return new Sourced<>(
                trimDot(domain.asString()), "kubelet config (configz) of node " + node);
          }
        }
      } catch (KubernetesClientException | JacksonException e) {
        // RBAC may forbid nodes/proxy; CoreDNS's own Corefile is the next best witness
      }
    }
    ConfigMap coredns =
        quietly(() -> client.configMaps().inNamespace("kube-system").withName("coredns").get());
    if (coredns != null && coredns.getData() != null && coredns.getData().get("Corefile") != null) {
      Matcher m = COREFILE_KUBERNETES.matcher(coredns.getData().get("Corefile"));
      if (m.find()) {
        return new Sourced<>(trimDot(m.group(1)), "ConfigMap kube-system/coredns (Corefile)");
      }
    }
    notes.accept(
        "note: could not read the cluster domain from kubelet (configz) or CoreDNS; using "
            + DEFAULT_DOMAIN
            + " (pass --cluster-domain if it differs)");
    return new Sourced<>(DEFAULT_DOMAIN, "default");
  }

  /** kube-proxy's mode from its ConfigMap. */
  public Sourced<KubeProxyMode> kubeProxyMode() {
    for (Map.Entry<String, String> candidate : KUBE_PROXY_CONFIG_MAPS) {
      String name = candidate.getKey();
      ConfigMap map =
          call(
              "read ConfigMap kube-system/" + name,
              () -> client.configMaps().inNamespace("kube-system").withName(name).get());
      if (map == null) {
        continue;
      }
      String ref = "ConfigMap kube-system/" + name;
      String config = map.getData() == null ? null : map.getData().get(candidate.getValue());
      if (config == null) {
        throw new DiscoveryException(
            ref + " has no key " + candidate.getValue() + ": pass --mode iptables or --mode ipvs");
      }
      String mode;
      try {
        mode = YAML.readTree(config).path("mode").asString("");
      } catch (JacksonException e) {
        throw new DiscoveryException(
            ref
                + " key "
                + candidate.getValue()
                + " is not YAML: pass --mode iptables or --mode ipvs");
      }
      String source = ref + " (mode: " + (mode.isBlank() ? "\"\"" : mode) + ")";
      return new Sourced<>(
          KubeProxyMode.parse(mode)
              .orElseThrow(
                  () ->
                      new DiscoveryException(
                          "kube-proxy mode \""
                              + mode
                              + "\" ("
                              + ref
                              + ") is not iptables, ipvs or nftables: pass --mode iptables or --mode ipvs")),
          source);
    }
    throw new DiscoveryException(
        "no kube-proxy ConfigMap (kube-system/kube-proxy or kube-system/kube-proxy-config), so"
            + " kube-proxy's mode is unknown: pass --mode iptables or --mode ipvs");
  }

  /** The provider most nodes report in {@code spec.providerID}. */
  public Sourced<ClusterType> clusterType() {
    List<Node> nodes = nodes();
    Map<ClusterType, Long> counts =
        nodes.stream()
            .map(
                n ->
                    ClusterType.fromProviderId(
                        n.getSpec() == null ? null : n.getSpec().getProviderID()))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    Optional<ClusterType> type =
        counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    return type.map(t -> new Sourced<>(t, "nodes' spec.providerID"))
        .orElse(new Sourced<>(ClusterType.GENERIC, "no nodes"));
  }

  /** The nodes' names, sorted. */
  public List<String> nodeNames() {
    return nodes().stream().map(n -> n.getMetadata().getName()).sorted().toList();
  }

  private List<Node> nodes() {
    return call("list nodes", () -> client.nodes().list().getItems()).stream()
        .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
        .toList();
  }

  private static String trimDot(String domain) {
    return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
  }

  private static <T> T quietly(Supplier<T> read) {
    try {
      return read.get();
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  /** A failed API call becomes one line: what was tried and the API server's answer. */
  static <T> T call(String what, Supplier<T> read) {
    try {
      return read.get();
    } catch (KubernetesClientException e) {
      throw new DiscoveryException("cannot " + what + ": " + KubeErrors.oneLine(e), e);
    }
  }
}
