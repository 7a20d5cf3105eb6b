package io.nodelocaldns.modes.mode;

import io.nodelocaldns.modes.node.IpLiterals;
import io.nodelocaldns.modes.node.NodePlan;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * IPVS mode: kube-proxy puts every ClusterIP on {@code kube-ipvs0}, so a ClusterIP on our link
 * would clash and raw rules cannot win over IPVS. Only the link-local address goes on the link, is
 * bound and gets rules; the ClusterIP is left to kube-proxy and the kubelet must hand pods the
 * link-local address ({@code --cluster-dns}).
 */
public final class IpvsMode implements NodeMode {
  public static final String NAME = "ipvs";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<InetAddress> listenAddresses(LocalIps localIps) {
    return linkLocal(localIps);
  }

  @Override
  public NodePlan plan(NodeOptions options) {
    return Plans.forAddresses(options, linkLocal(options.localIps()));
  }

  /** {@code --cluster-dns=169.254.20.10 (kubelet config: clusterDNS: [169.254.20.10])}. */
  @Override
  public Optional<String> kubeletAdvice(LocalIps localIps) {
    String ips = String.join(",", linkLocal(localIps).stream().map(IpLiterals::text).toList());
    return Optional.of(
        "--cluster-dns=" + ips + " (kubelet config: clusterDNS: [" + ips.replace(",", ", ") + "])");
  }

  private static List<InetAddress> linkLocal(LocalIps localIps) {
    List<InetAddress> linkLocal = localIps.linkLocal();
    if (linkLocal.isEmpty()) {
      throw new IllegalArgumentException(
          "-localip "
              + String.join(",", localIps.all().stream().map(IpLiterals::text).toList())
              + " holds no link-local address (expected: ipvs mode needs one, e.g."
              + " 169.254.20.10)");
    }
    return linkLocal;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
