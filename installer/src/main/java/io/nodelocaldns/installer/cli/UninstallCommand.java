package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.discovery.ClusterDiscovery;
import io.nodelocaldns.installer.discovery.ClusterType;
import io.nodelocaldns.installer.install.Uninstaller;
import io.nodelocaldns.installer.kube.KubeAccess;
import io.nodelocaldns.installer.values.IpAddresses;
import java.util.Locale;

@Parameters(
    commandNames = "uninstall",
    commandDescription =
        "Revert the kubelet clusterDNS change install made (Kind; elsewhere say what to revert), then"
            + " uninstall the Helm release node-local-dns.")
final class UninstallCommand extends Command {
  @ParametersDelegate ConnectionFlags connection = new ConnectionFlags();

  @Parameter(
      names = "--cluster",
      description = "kind, eks, generic, or auto (from the nodes' spec.providerID)")
  String cluster = "auto";

  @Parameter(
      names = "--kube-dns-ip",
      description =
          "the IP kubelet's clusterDNS goes back to when install kept no record (default: the kube-dns Service's)")
  String kubeDnsIp;

  @Parameter(
      names = "--force",
      description =
          "uninstall even though kubelet on some nodes still sends pods to the cache (IPVS mode)")
  boolean force;

  @Parameter(names = "--dry-run", description = "say what would be done; change nothing")
  boolean dryRun;

  @Override
  int run(Cli cli) {
    if (kubeDnsIp != null && !IpAddresses.isIp(kubeDnsIp)) {
      throw ChartFlags.bad("--kube-dns-ip", kubeDnsIp, "is not an IP address");
    }
    ClusterType type =
        switch (cluster.toLowerCase(Locale.ROOT)) {
          case "auto" -> null;
          case "kind" -> ClusterType.KIND;
          case "eks" -> ClusterType.EKS;
          case "generic" -> ClusterType.GENERIC;
          default ->
              throw new UsageException(
                  "--cluster: \"" + cluster + "\" is not kind, eks, generic or auto");
        };
    KubeAccess access = connection.access(cli.environment.env());
    ClusterDiscovery discovery = new ClusterDiscovery(cli.client(access), cli::note);
    if (type == null) {
      type = discovery.clusterType().value();
    }
    String revertTo = kubeDnsIp;
    if (revertTo == null) {
      try {
        revertTo = discovery.kubeDns("kube-system", "kube-dns").value().primaryIp();
      } catch (InstallerException e) {
        revertTo = "<the kube-dns Service IP>";
      }
    }
    new Uninstaller(
            cli.client(access),
            cli.environment.helm().apply(access),
            ChartSupport.kubelet(cli, access).apply(type),
            cli::note)
        .uninstall(connection.namespace(), revertTo, dryRun, force);
    return 0;
  }
}
