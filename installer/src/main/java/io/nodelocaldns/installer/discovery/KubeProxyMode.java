package io.nodelocaldns.installer.discovery;

import java.util.Locale;
import java.util.Optional;

/** kube-proxy's {@code mode}, as its ConfigMap says. */
public enum KubeProxyMode {
  IPTABLES,
  IPVS,
  NFTABLES;

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
