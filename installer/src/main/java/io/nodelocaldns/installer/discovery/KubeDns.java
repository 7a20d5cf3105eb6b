package io.nodelocaldns.installer.discovery;

import java.util.List;

/**
 * The cluster DNS Service: its ClusterIP(s) and IP families, primary first. The cache serves one
 * family (as upstream node-cache does), the primary one.
 */
public record KubeDns(
    String namespace, String name, List<String> clusterIps, List<String> ipFamilies) {
  public KubeDns {
    clusterIps = List.copyOf(clusterIps);
    ipFamilies = List.copyOf(ipFamilies);
  }

  public String primaryIp() {
    return clusterIps.getFirst();
  }

  public boolean dualStack() {
    return clusterIps.size() > 1;
  }

  /** {@code IPv4}, {@code IPv6}, or {@code dual-stack (IPv4 primary)}. */
  public String family() {
    String primary =
        ipFamilies.isEmpty()
            ? (primaryIp().contains(":") ? "IPv6" : "IPv4")
            : ipFamilies.getFirst();
    return dualStack() ? "dual-stack (" + primary + " primary)" : primary;
  }
}
