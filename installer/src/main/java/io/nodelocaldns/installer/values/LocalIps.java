package io.nodelocaldns.installer.values;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of the agent's {@code -localip}, read as the agent reads them: its own, node-local
 * addresses are the IPv4 link-local ones (169.254.0.0/16) and the first IPv6 one (IPv6 has no
 * link-local range a pod can reach on its node, so a ULA such as fd00::10 stands in); every other
 * address is a kube-dns ClusterIP, which the agent serves in iptables mode only. The chart writes
 * them a family at a time, node-local address first: {@code 169.254.20.10,10.96.0.10,fd00::10,
 * fd00:10:96::a}.
 */
public record LocalIps(List<String> all) {
  public LocalIps {
    all = List.copyOf(all);
  }

  /** The flag's value: comma separated, blanks dropped (upstream's IPVS sed leaves a comma). */
  public static LocalIps parse(String flag) {
    return new LocalIps(
        List.of(flag.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
  }

  /**
   * The agent's own addresses, in {@code -localip}'s order: what kubelet hands pods in IPVS mode.
   */
  public List<String> nodeLocal() {
    List<String> local = new ArrayList<>();
    boolean v6Seen = false;
    for (String ip : all) {
      if (IpAddresses.isIpv6(ip) ? !v6Seen : ip.startsWith("169.254.")) {
        local.add(ip);
      }
      v6Seen |= IpAddresses.isIpv6(ip);
    }
    return List.copyOf(local);
  }

  /** The kube-dns ClusterIPs among them (iptables mode); none in IPVS mode. */
  public List<String> clusterIps() {
    List<String> local = nodeLocal();
    return all.stream().filter(ip -> !local.contains(ip)).toList();
  }

  /**
   * The node-local addresses, or when {@code -localip} names none of them (a hand-written one with
   * another address of its own) its first address.
   */
  public List<String> nodeLocalOrFirst() {
    List<String> local = nodeLocal();
    return local.isEmpty() && !all.isEmpty() ? List.of(all.getFirst()) : local;
  }

  /** The first node-local address (where the chart puts health and ready), else the first. */
  public String first() {
    return nodeLocal().stream().findFirst().orElse(all.isEmpty() ? "" : all.getFirst());
  }

  /**
   * The mode a DaemonSet without {@code --mode} (upstream's manifest) runs: iptables when {@code
   * -localip} holds a ClusterIP next to the agent's own address, IPVS with its own addresses only.
   */
  public CacheMode impliedMode() {
    return all.size() > 1 && !clusterIps().isEmpty() ? CacheMode.IPTABLES : CacheMode.IPVS;
  }

  /** The IPv6 addresses ({@code ipv6}) or the IPv4 ones, in order. */
  public List<String> ofFamily(boolean ipv6) {
    return all.stream().filter(ip -> IpAddresses.isIpv6(ip) == ipv6).toList();
  }

  /**
   * {@code IPv4 169.254.20.10, 10.96.0.10}, or for both families {@code IPv4 169.254.20.10,
   * 10.96.0.10 and IPv6 fd00::10, fd00:10:96::a}.
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!ofFamily(false).isEmpty()) {
      parts.add("IPv4 " + String.join(", ", ofFamily(false)));
    }
    if (!ofFamily(true).isEmpty()) {
      parts.add("IPv6 " + String.join(", ", ofFamily(true)));
    }
    return String.join(" and ", parts);
  }
}
