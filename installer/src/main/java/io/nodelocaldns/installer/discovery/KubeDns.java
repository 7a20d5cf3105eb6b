package io.nodelocaldns.installer.discovery;

import java.util.List;
import java.util.Optional;

/**
 * The cluster DNS Service: its ClusterIP(s) and IP families, primary first ({@code spec.clusterIPs}
 * and {@code spec.ipFamilies}, in the same order). The cache serves each family it has.
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

  /**
   * The ClusterIP of {@code family} ({@code IPv4} or {@code IPv6}), if the Service has one. A
   * Service written before dual-stack has no {@code ipFamilies}; its address tells the family.
   */
  public Optional<String> clusterIp(String family) {
    for (int i = 0; i < clusterIps.size(); i++) {
      String ip = clusterIps.get(i);
      String its = i < ipFamilies.size() ? ipFamilies.get(i) : (ip.contains(":") ? "IPv6" : "IPv4");
      if (its.equals(family)) {
        return Optional.of(ip);
      }
    }
    return Optional.empty();
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
