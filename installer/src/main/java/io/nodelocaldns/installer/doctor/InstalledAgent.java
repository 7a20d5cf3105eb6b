package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.discovery.ClusterDiscovery;
import io.nodelocaldns.installer.discovery.KubeDns;
import io.nodelocaldns.installer.discovery.Sourced;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The installed agent the checks look at. What several checks need (its pods, the cluster DNS
 * Service, the cluster domain) is read once, when a check first asks for it.
 */
final class InstalledAgent {
  private final AgentDaemonSet daemonSet;
  private final KubernetesClient client;
  private final ClusterDiscovery discovery;
  private final String kubeDnsNamespace;
  private final String kubeDnsName;
  private List<Pod> pods;
  private KubeDnsLookup kubeDns;
  private String clusterDomain;

  /** The cluster DNS Service, or why discovery could not read it. */
  record KubeDnsLookup(Optional<Sourced<KubeDns>> service, String failure) {}

  InstalledAgent(
      AgentDaemonSet daemonSet,
      KubernetesClient client,
      ClusterDiscovery discovery,
      String kubeDnsNamespace,
      String kubeDnsName) {
    this.daemonSet = daemonSet;
    this.client = client;
    this.discovery = discovery;
    this.kubeDnsNamespace = kubeDnsNamespace;
    this.kubeDnsName = kubeDnsName;
  }

  AgentDaemonSet daemonSet() {
    return daemonSet;
  }

  KubernetesClient client() {
    return client;
  }

  ClusterDiscovery discovery() {
    return discovery;
  }

  /** The address the cache answers on, empty if the DaemonSet names none. */
  String localIp() {
    return daemonSet.localIp().orElse("");
  }

  /** The cache's own addresses, a family each: what kubelet hands pods in IPVS mode. */
  List<String> nodeLocalIps() {
    return daemonSet.localIps().nodeLocalOrFirst();
  }

  /** The agent's pods, by node name. */
  List<Pod> pods() {
    if (pods == null) {
      pods = daemonSet.pods(client);
    }
    return pods;
  }

  Optional<Pod> firstReadyPod() {
    return pods().stream().filter(AgentDaemonSet::ready).findFirst();
  }

  KubeDnsLookup kubeDns() {
    if (kubeDns == null) {
      try {
        kubeDns =
            new KubeDnsLookup(Optional.of(discovery.kubeDns(kubeDnsNamespace, kubeDnsName)), "");
      } catch (InstallerException e) {
        kubeDns = new KubeDnsLookup(Optional.empty(), e.getMessage());
      }
    }
    return kubeDns;
  }

  /**
   * The kube-dns ClusterIPs to query through, one per family the cache serves: the Service's (its
   * primary one if it has none of those families); if it cannot be read, the ones the agent binds
   * besides its own addresses (iptables mode).
   */
  List<String> kubeDnsIps() {
    Optional<KubeDns> service = kubeDns().service().map(Sourced::value);
    if (service.isEmpty()) {
      return daemonSet.localIps().clusterIps();
    }
    List<String> ips = new ArrayList<>();
    for (boolean ipv6 : List.of(false, true)) {
      if (!daemonSet.localIps().ofFamily(ipv6).isEmpty()) {
        service.get().clusterIp(ipv6 ? "IPv6" : "IPv4").ifPresent(ips::add);
      }
    }
    return ips.isEmpty() ? List.of(service.get().primaryIp()) : List.copyOf(ips);
  }

  /** kubelet's (or CoreDNS's) domain; the default when neither can be read. */
  String clusterDomain() {
    if (clusterDomain == null) {
      try {
        clusterDomain = discovery.clusterDomain().value();
      } catch (InstallerException e) {
        clusterDomain = ClusterDiscovery.DEFAULT_DOMAIN;
      }
    }
    return clusterDomain;
  }
}
