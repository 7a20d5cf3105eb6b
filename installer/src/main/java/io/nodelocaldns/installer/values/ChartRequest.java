package io.nodelocaldns.installer.values;

import io.nodelocaldns.installer.discovery.ClusterType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chart-related flags after checking: an empty optional means "find it out" (auto). {@code
 * sets} and {@code setStrings} are the {@code --set} and {@code --set-string} texts in the order of
 * the command line, already checked to parse.
 */
public record ChartRequest(
    Optional<ClusterType> cluster,
    Optional<CacheMode> mode,
    Optional<KubeDnsIps> kubeDnsIps,
    String kubeDnsNamespace,
    String kubeDnsName,
    Optional<String> clusterDomain,
    Optional<String> localIp,
    Optional<String> localIpv6,
    Optional<ImageRef> image,
    List<Path> valuesFiles,
    List<String> sets,
    List<String> setStrings) {
  public ChartRequest {
    valuesFiles = List.copyOf(valuesFiles);
    sets = List.copyOf(sets);
    setStrings = List.copyOf(setStrings);
  }

  /** Only what is given, everything else discovered; no user values. */
  public static ChartRequest auto() {
    return new ChartRequest(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "kube-system",
        "kube-dns",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of());
  }

  /** The flags {@code render} needs to work without a cluster and that are not given. */
  public List<String> missingForOffline(UserOverrides overrides) {
    List<String> missing = new ArrayList<>();
    if (kubeDnsIps.isEmpty() && overrides.get("kubeDNS.ip").isEmpty()) {
      missing.add("--kube-dns-ip");
    }
    if (clusterDomain.isEmpty() && overrides.get("clusterDomain").isEmpty()) {
      missing.add("--cluster-domain");
    }
    if (mode.isEmpty() && overrides.get("mode").isEmpty()) {
      missing.add("--mode");
    }
    if (cluster.isEmpty() && overrides.get("profile").isEmpty()) {
      missing.add("--cluster");
    }
    return missing;
  }
}
