package io.nodelocaldns.installer.discovery;

import java.util.List;

/**
 * What the installer knows about a cluster, each fact with where it came from (a flag or the object
 * it was read from), so the plan it prints can say why it chose what it chose.
 */
public record ClusterFacts(
    Sourced<KubeDns> kubeDns,
    Sourced<String> clusterDomain,
    Sourced<KubeProxyMode> kubeProxyMode,
    Sourced<ClusterType> clusterType,
    List<String> nodes) {
  public ClusterFacts {
    nodes = List.copyOf(nodes);
  }
}
