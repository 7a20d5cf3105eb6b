package io.nodelocaldns.installer.discovery;

import io.nodelocaldns.installer.values.CacheMode;
import java.util.Locale;
import java.util.Optional;

/** kube-proxy's {@code mode}, as its ConfigMap says. */
public enum KubeProxyMode {
  IPTABLES,
  IPVS,
  NFTABLES;

  /**
   * The cache's mode that goes with it: IPVS owns the kube-dns ClusterIP on every node, so the
   * cache needs its own address (and kubelet's clusterDNS); iptables and nftables let it bind the
   * ClusterIP itself.
   */
  public CacheMode cacheMode() {
    return this == IPVS ? CacheMode.IPVS : CacheMode.IPTABLES;
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** kube-proxy's spelling; an empty or missing mode is iptables, kube-proxy's default on Linux. */
  public static Optional<KubeProxyMode> parse(String mode) {
    String m = mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT);
    return switch (m) {
      case "", "iptables" -> Optional.of(IPTABLES);
      case "ipvs" -> Optional.of(IPVS);
      case "nftables" -> Optional.of(NFTABLES);
      default -> Optional.empty();
    };
  }
}
