package io.nodelocaldns.modes.mode;

import io.nodelocaldns.modes.node.IpLiterals;
import io.nodelocaldns.modes.node.NodePlan;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * IPVS mode: kube-proxy puts every ClusterIP on {@code kube-ipvs0}, so a ClusterIP on our link
 * would clash and raw rules cannot win over IPVS. Only the node-local addresses ({@link
 * LocalIps#nodeLocal}: 169.254.20.10, and fd00::10 on an IPv6 node) go on the link, are bound and
 * get rules; the ClusterIPs are left to kube-proxy and the kubelet must hand pods the node-local
 * addresses ({@code --cluster-dns}).
 */
public final class IpvsMode implements NodeMode {
  public static final String NAME = "ipvs";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<InetAddress> listenAddresses(LocalIps localIps) {
    return nodeLocal(localIps);
  }

  @Override
  public NodePlan plan(NodeOptions options) {
    return Plans.forAddresses(options, nodeLocal(options.localIps()));
  }

  /**
   * {@code --cluster-dns=169.254.20.10 (kubelet config: clusterDNS: [169.254.20.10])}; dual-stack:
   * both families' node-local addresses.
   */
  @Override
  public Optional<String> kubeletAdvice(LocalIps localIps) {
    String ips = String.join(",", nodeLocal(localIps).stream().map(IpLiterals::text).toList());
    return Optional.of(
        "--cluster-dns=" + ips + " (kubelet config: clusterDNS: [" + ips.replace(",", ", ") + "])");
  }

  private static List<InetAddress> nodeLocal(LocalIps localIps) {
    List<InetAddress> nodeLocal = localIps.nodeLocal();
    if (nodeLocal.isEmpty()) {
      throw new IllegalArgumentException(
          "-localip "
              + String.join(",", localIps.all().stream().map(IpLiterals::text).toList())
              + " holds no node-local address (expected: ipvs mode needs one, e.g."
              + " 169.254.20.10, or fd00::10 on an IPv6 node)");
    }
    return nodeLocal;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
