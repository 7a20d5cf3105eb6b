package io.nodelocaldns.modes.mode;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The addresses of {@code -localip}, in the order given, e.g. {@code 169.254.20.10,10.96.0.10} or,
 * dual-stack, {@code 169.254.20.10,10.96.0.10,fd00::10,fd00:10:96::a}: the node-local addresses
 * and, in iptables mode, the kube-dns ClusterIPs.
 *
 * <p>Which is which: an IPv4 node-local address is link-local (169.254.0.0/16), as upstream's. IPv6
 * has no link-local range a pod can reach (fe80::/10 is per link), so the first IPv6 address is the
 * node-local one, a ULA such as {@code fd00::10}; later IPv6 addresses are ClusterIPs.
 */
public record LocalIps(List<InetAddress> all) {
  public LocalIps {
    all = List.copyOf(all);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("-localip: no address (expected: a comma list of IPs)");
    }
  }

  /** The node-local addresses, in {@code -localip} order (see the class comment). */
  public List<InetAddress> nodeLocal() {
    Optional<InetAddress> firstIpv6 =
        all.stream().filter(Inet6Address.class::isInstance).findFirst();
    return all.stream()
        .filter(
            a ->
                a instanceof Inet4Address
                    ? a.isLinkLocalAddress()
                    : a.isLinkLocalAddress() || firstIpv6.get().equals(a))
        .toList();
  }

  /** The others: the kube-dns ClusterIPs. */
  public List<InetAddress> clusterIps() {
    List<InetAddress> nodeLocal = nodeLocal();
    return all.stream().filter(a -> !nodeLocal.contains(a)).toList();
  }
}
