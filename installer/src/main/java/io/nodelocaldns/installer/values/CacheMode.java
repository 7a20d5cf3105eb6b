package io.nodelocaldns.installer.values;

import java.util.Locale;
import java.util.Optional;

/** The chart's {@code mode}: how pods' DNS reaches the cache. */
public enum CacheMode {
  /** The cache binds the kube-dns ClusterIP too and NOTRACK rules steer pods' queries to it. */
  IPTABLES,
  /** The cache has its own local IP only; kubelet's clusterDNS must point pods at it. */
  IPVS;

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
