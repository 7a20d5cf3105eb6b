package io.nodelocaldns.installer.values;

import io.nodelocaldns.installer.discovery.KubeProxyMode;
import java.util.Locale;
import java.util.Optional;

/** The chart's {@code mode}: how pods' DNS reaches the cache. */
public enum CacheMode {
  /** The cache binds the kube-dns ClusterIP too and NOTRACK rules steer pods' queries to it. */
  IPTABLES,
  /** The cache has its own local IP only; kubelet's clusterDNS must point pods at it. */
  IPVS;

  /**
   * The mode that goes with kube-proxy's: IPVS owns the kube-dns ClusterIP on every node, so the
   * cache needs its own address (and kubelet's clusterDNS); iptables and nftables let it bind the
   * ClusterIP itself.
   */
  public static CacheMode matching(KubeProxyMode kubeProxy) {
    return kubeProxy == KubeProxyMode.IPVS ? IPVS : IPTABLES;
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CacheMode> parse(String value) {
    return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
      case "iptables" -> Optional.of(IPTABLES);
      case "ipvs" -> Optional.of(IPVS);
      default -> Optional.empty();
    };
  }
}
