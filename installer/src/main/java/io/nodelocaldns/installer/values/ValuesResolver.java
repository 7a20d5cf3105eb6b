package io.nodelocaldns.installer.values;

import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.chart.ChartValues;
import io.nodelocaldns.installer.discovery.ClusterDiscovery;
import io.nodelocaldns.installer.discovery.ClusterType;
import io.nodelocaldns.installer.discovery.KubeProxyMode;
import io.nodelocaldns.installer.discovery.Sourced;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Computes the chart values: each from its flag, else from the user's values/--set, else from the
 * cluster. The cluster is only contacted (through {@code discovery}) for what nothing else gives.
 */
public final class ValuesResolver {
  private final Supplier<ClusterDiscovery> discovery;
  private final Consumer<String> notes;
  private ClusterDiscovery connected;

  public ValuesResolver(Supplier<ClusterDiscovery> discovery, Consumer<String> notes) {
    this.discovery = discovery;
    this.notes = notes;
  }

  /** The values, and one line per value saying where it came from. */
  public record Resolution(
      InstallValues values, List<String> reasons, ChartRequest request, UserValues user) {
    /**
     * The user's files with {@code --image} and then the {@code --set}s applied, as the last values
     * file (see {@link UserValues#overlayYaml}); empty when there are none.
     */
    public Optional<String> overlayYaml() {
      return user.overlayYaml(request.image());
    }

    /**
     * The values given by flags ({@code --mode}, {@code --cluster}, {@code --local-ip}, {@code
     * --local-ipv6}, {@code --kube-dns-ip}, {@code --cluster-domain}), as the last values file: a
     * flag wins over the user's values files as it does in the installer ({@code --set}s that
     * disagree with a flag are refused). Empty when no such flag is given.
     */
    public Optional<String> flagsYaml() {
      return values.toYaml(
          request.mode().isPresent(),
          request.cluster().isPresent(),
          request.localIp().isPresent(),
          request.localIpv6().isPresent(),
          request.kubeDnsIps().isPresent(),
          request.clusterDomain().isPresent());
    }

    /**
     * Helm's inputs: the generated file first, then the user's files, then the overlay, then the
     * flags' values (each wins over what comes before it).
     */
    public ChartValues chartValues(
        Path generatedValuesFile, Optional<Path> overlayFile, Optional<Path> flagsFile) {
      ChartValues chart = ChartValues.defaults().withFile(generatedValuesFile);
      for (Path file : request.valuesFiles()) {
        chart = chart.withFile(file);
      }
      if (overlayFile.isPresent()) {
        chart = chart.withFile(overlayFile.get());
      }
      if (flagsFile.isPresent()) {
        chart = chart.withFile(flagsFile.get());
      }
      return chart;
    }
  }

  public Resolution resolve(ChartRequest request, UserOverrides overrides) {
    FlagConflicts.check(request, overrides, notes);
    List<String> reasons = new ArrayList<>();

    AddressResolver.Addresses addresses =
        new AddressResolver(this::discovery).resolve(request, overrides);
    Sourced<KubeDnsIps> kubeDns = addresses.kubeDns();
    reasons.add("kube-dns IP:     " + kubeDns.value().text() + "  (" + kubeDns.source() + ")");
    Sourced<String> localIp = addresses.localIp();
    reasons.add("local IP:        " + localIp.value() + "  (" + localIp.source() + ")");
    Optional<Sourced<String>> localIpv6 = addresses.localIpv6();
    localIpv6.ifPresent(
        v6 -> reasons.add("local IPv6:      " + v6.value() + "  (" + v6.source() + ")"));
    Sourced<String> domain =
        given(request.clusterDomain(), "--cluster-domain", overrides, "clusterDomain")
            .orElseGet(() -> discovery().clusterDomain());
    reasons.add("cluster domain:  " + domain.value() + "  (" + domain.source() + ")");

    Sourced<CacheMode> mode = mode(request, overrides);
    reasons.add("mode:            " + mode.value().cliName() + "  (" + mode.source() + ")");

    Sourced<ClusterType> cluster = cluster(request, overrides);
    reasons.add("cluster type:    " + cluster.value().cliName() + "  (" + cluster.source() + ")");

    InstallValues values =
        new InstallValues(
            mode.value(),
            cluster.value(),
            localIp.value(),
            localIpv6.map(Sourced::value),
            kubeDns.value(),
            domain.value(),
            request.image());
    return new Resolution(values, List.copyOf(reasons), request, overrides.values());
  }

  private Sourced<CacheMode> mode(ChartRequest request, UserOverrides overrides) {
    if (request.mode().isPresent()) {
      return new Sourced<>(request.mode().get(), "--mode");
    }
    Optional<UserOverrides.Sourced> override = overrides.get("mode");
    if (override.isPresent()) {
      return new Sourced<>(
          CacheMode.parse(override.get().value())
              .orElseThrow(
                  () ->
                      new UsageException(
                          override.get().source()
                              + " mode: \""
                              + override.get().value()
                              + "\" is not iptables or ipvs")),
          override.get().source());
    }
    Sourced<KubeProxyMode> proxy = discovery().kubeProxyMode();
    return new Sourced<>(
        CacheMode.matching(proxy.value()),
        "kube-proxy runs " + proxy.value().cliName() + ", " + proxy.source());
  }

  private Sourced<ClusterType> cluster(ChartRequest request, UserOverrides overrides) {
    if (request.cluster().isPresent()) {
      return new Sourced<>(request.cluster().get(), "--cluster");
    }
    Optional<UserOverrides.Sourced> override = overrides.get("profile");
    if (override.isPresent()) {
      String profile = override.get().value().toUpperCase(Locale.ROOT);
      try {
        return new Sourced<>(ClusterType.valueOf(profile), override.get().source());
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            override.get().source()
                + " profile: \""
                + override.get().value()
                + "\" is not generic, kind or eks");
      }
    }
    return discovery().clusterType();
  }

  static Optional<Sourced<String>> given(
      Optional<String> flag, String flagName, UserOverrides overrides, String key) {
    if (flag.isPresent()) {
      return Optional.of(new Sourced<>(flag.get(), flagName));
    }
    return overrides.get(key).map(o -> new Sourced<>(o.value(), o.source()));
  }

  private ClusterDiscovery discovery() {
    if (connected == null) {
      connected = discovery.get();
    }
    return connected;
  }
}
