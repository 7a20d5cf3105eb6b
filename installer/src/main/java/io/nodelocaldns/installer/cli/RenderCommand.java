package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.install.RenderedChart;
import io.nodelocaldns.installer.values.CacheMode;
import io.nodelocaldns.installer.values.ChartRequest;
import io.nodelocaldns.installer.values.UserOverrides;
import io.nodelocaldns.installer.values.ValuesResolver;
import java.util.List;

@Parameters(
    commandNames = "render",
    commandDescription =
        "Print the manifests (multi-document YAML) for GitOps or kubectl apply; notes go to stderr."
            + " Offline when --kube-dns-ip, --cluster-domain, --mode and --cluster are given; otherwise"
            + " the missing ones are read from the cluster.")
final class RenderCommand extends Command {
  @ParametersDelegate ChartFlags chart = new ChartFlags();
  @ParametersDelegate ConnectionFlags connection = new ConnectionFlags();

  @Override
  int run(Cli cli) {
    ChartRequest request = chart.request();
    HelmChart helmChart = chart.chart(cli);
    UserOverrides overrides = ChartSupport.overrides(request);
    List<String> missing = request.missingForOffline(overrides);
    var access = connection.access(cli.environment.env());
    ValuesResolver.Resolution resolution;
    try {
      resolution = ChartSupport.resolver(cli, access).resolve(request, overrides);
    } catch (InstallerException e) {
      throw missing.isEmpty() ? e : ChartSupport.offlineHint(e, missing);
    }
    resolution.reasons().forEach(r -> cli.note("render: " + r.replaceAll("\\s+", " ")));
    if (resolution.values().mode() == CacheMode.IPVS) {
      cli.note(
          "note: IPVS mode: kubelet's clusterDNS must be "
              + String.join(",", resolution.values().clusterDns())
              + " on every node for pods to use the cache (install does it on Kind and prints the change for EKS and other clusters)");
    }
    String manifests =
        RenderedChart.render(helmChart, connection.releaseNamespace(), resolution).manifests();
    cli.out.print(manifests);
    cli.out.flush();
    return 0;
  }
}
