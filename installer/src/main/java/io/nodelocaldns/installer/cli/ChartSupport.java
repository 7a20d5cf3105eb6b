package io.nodelocaldns.installer.cli;

import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.discovery.ClusterDiscovery;
import io.nodelocaldns.installer.discovery.ClusterType;
import io.nodelocaldns.installer.install.ContainerRuntime;
import io.nodelocaldns.installer.install.EksKubeletDnsChange;
import io.nodelocaldns.installer.install.GenericKubeletDnsChange;
import io.nodelocaldns.installer.install.KindKubeletDnsChange;
import io.nodelocaldns.installer.install.KubeletDnsChange;
import io.nodelocaldns.installer.kube.KubeAccess;
import io.nodelocaldns.installer.values.ChartRequest;
import io.nodelocaldns.installer.values.SetParser;
import io.nodelocaldns.installer.values.UserOverrides;
import io.nodelocaldns.installer.values.UserValues;
import io.nodelocaldns.installer.values.ValuesResolver;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Shared by the commands that compute values or change kubelet. */
final class ChartSupport {
  private ChartSupport() {}

  static UserOverrides overrides(ChartRequest request) {
    try {
      return UserOverrides.of(
          UserValues.read(request.valuesFiles(), request.sets(), request.setStrings()));
    } catch (IOException e) {
      throw new UsageException(
          "--values: " + e.getMessage().lines().findFirst().orElse("") + " (not a YAML file?)");
    } catch (SetParser.SyntaxException e) {
      throw new UsageException("--set: " + e.getMessage());
    }
  }

  static ValuesResolver resolver(Cli cli, KubeAccess access) {
    return new ValuesResolver(() -> new ClusterDiscovery(cli.client(access), cli::note), cli::note);
  }

  static Function<ClusterType, KubeletDnsChange> kubelet(Cli cli, KubeAccess access) {
    return type ->
        switch (type) {
          case KIND ->
              new KindKubeletDnsChange(
                  cli.client(access),
                  () -> ContainerRuntime.detect(cli.environment.env(), Optional.empty()),
                  cli::note);
          case EKS -> new EksKubeletDnsChange(cli::note);
          case GENERIC -> new GenericKubeletDnsChange(cli::note);
        };
  }

  /** A cluster that cannot be reached, said with what would have avoided the need for it. */
  static InstallerException offlineHint(InstallerException e, List<String> missing) {
    return new InstallerException(
        e.getMessage() + "; to render without a cluster pass " + String.join(", ", missing), e);
  }
}
