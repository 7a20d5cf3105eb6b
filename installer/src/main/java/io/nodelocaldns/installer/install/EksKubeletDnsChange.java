package io.nodelocaldns.installer.install;

import java.util.List;
import java.util.function.Consumer;

/**
 * On EKS the kubelet config belongs to the node provisioning (nodeadm on AL2023, eksctl,
 * Karpenter), so the installer prints the exact change for each and does not pretend it made it:
 * nodes pick it up when they are replaced.
 */
public final class EksKubeletDnsChange implements KubeletDnsChange {
  private final Consumer<String> out;

  public EksKubeletDnsChange(Consumer<String> out) {
    this.out = out;
  }

  @Override
  public List<String> plan(List<String> clusterDns, String kubeDnsIp, List<String> nodes) {
    return List.of(
        "print the kubelet clusterDNS="
            + String.join(",", clusterDns)
            + " change for nodeadm, eksctl and Karpenter; that step stays PENDING until the nodes are replaced");
  }

  @Override
  public boolean apply(List<String> clusterDns, String kubeDnsIp, List<String> nodes) {
    out.accept(snippets(clusterDns, kubeDnsIp));
    return false;
  }

  @Override
  public void revert(String kubeDnsIp) {
    out.accept(
        "kubelet: if your node groups set clusterDNS to the cache's local IP (IPVS mode), set it back to "
            + kubeDnsIp
            + " (or drop the setting) in the NodeConfig / eksctl nodegroup / EC2NodeClass and replace the nodes;"
            + " until then pods on those nodes have no DNS");
  }

  /**
   * The text printed by {@link #apply}; public so the docs and tests show the same snippets. eksctl
   * and AL2's bootstrap.sh take one address: the first (EKS clusters are IPv4 or IPv6, never
   * dual-stack, so that is all of them).
   */
  public static String snippets(List<String> clusterDns, String kubeDnsIp) {
    String first = clusterDns.getFirst();
    return """
        PENDING: IPVS mode needs kubelet's clusterDNS set to %1$s on every node. On EKS that is part of
        the node configuration; nothing on the nodes was changed. Use one of these, then replace the nodes
        (new pods on old nodes keep using kube-dns %2$s, without the cache):

        # AL2023 nodes, nodeadm NodeConfig (in the launch template's user data, MIME part
        # Content-Type: application/node.eks.aws):
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          kubelet:
            config:
              clusterDNS:
        %3$s

        # eksctl ClusterConfig, per node group:
        managedNodeGroups:
        - name: <your-nodegroup>
          clusterDNS: %4$s

        # Karpenter (v1) EC2NodeClass:
        apiVersion: karpenter.k8s.aws/v1
        kind: EC2NodeClass
        metadata:
          name: <your-nodeclass>
        spec:
          kubelet:
            clusterDNS: [%5$s]

        # AL2 nodes (bootstrap.sh): --dns-cluster-ip %4$s
        """
        .formatted(
            String.join(",", clusterDns),
            kubeDnsIp,
            String.join("\n", clusterDns.stream().map(ip -> "      - " + ip).toList()),
            first,
            String.join(", ", clusterDns.stream().map(ip -> "\"" + ip + "\"").toList()));
  }
}
