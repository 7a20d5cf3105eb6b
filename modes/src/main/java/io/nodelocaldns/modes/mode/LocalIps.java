package io.nodelocaldns.modes.mode;

import java.net.InetAddress;
import java.util.List;

/**
 * The addresses of {@code -localip}, in the order given, e.g. {@code 169.254.20.10,10.96.0.10}: the
 * node-local (link-local) address and, in iptables mode, the kube-dns ClusterIP.
 */
public record LocalIps(List<InetAddress> all) {
  public LocalIps {
    all = List.copyOf(all);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("-localip: no address (expected: a comma list of IPs)");
    }
  }

  /** The link-local addresses (169.254.0.0/16, fe80::/10). */
  public List<InetAddress> linkLocal() {
    return all.stream().filter(InetAddress::isLinkLocalAddress).toList();
  }

  /** The others: in practice the kube-dns ClusterIP. */
  public List<InetAddress> clusterIps() {
    return all.stream().filter(a -> !a.isLinkLocalAddress()).toList();
  }
}
