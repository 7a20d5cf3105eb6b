package io.nodelocaldns.installer.install;

import java.util.List;

/**
 * IPVS mode's other half: kubelet's {@code clusterDNS} must name the cache's node-local addresses
 * ({@code localIP}, and on a dual-stack cluster {@code localIPv6} after it), because kube-proxy's
 * IPVS owns the kube-dns ClusterIPs on every node. How that is done depends on the cluster: Kind
 * nodes are containers the installer can reach; on EKS and elsewhere it is the node provisioning's
 * job and the installer only says what to change. {@code kubeDnsIp} is what pods ask until then.
 */
public interface KubeletDnsChange {
  /** What {@link #apply} would do, one line each. */
  List<String> plan(List<String> clusterDns, String kubeDnsIp, List<String> nodes);

  /** Makes (or prints) the change; true when it is done, false when it is left to the user. */
  boolean apply(List<String> clusterDns, String kubeDnsIp, List<String> nodes);

  /** Reverts what {@link #apply} changed; lines saying what was done or is left to do. */
  void revert(String kubeDnsIp);
}
