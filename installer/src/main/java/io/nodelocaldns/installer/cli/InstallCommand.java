package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.install.Installer;
import io.nodelocaldns.installer.install.PodQueryProbe;
import io.nodelocaldns.installer.install.RolloutWatcher;
import io.nodelocaldns.installer.kube.KubeAccess;
import io.nodelocaldns.installer.metrics.MetricsScraper;
import io.nodelocaldns.installer.values.ChartRequest;
import io.nodelocaldns.installer.values.UserOverrides;
import io.nodelocaldns.installer.values.ValuesResolver;

@Parameters(
    commandNames = "install",
    commandDescription =
        "Install (or upgrade) the Helm release node-local-dns with values read from the cluster, wait"
            + " until the agent is ready on every node, in IPVS mode change kubelet's clusterDNS (Kind)"
            + " or print how to (EKS, other), then resolve one name through the cache.")
final class InstallCommand extends Command {
  @ParametersDelegate ChartFlags chart = new ChartFlags();
  @ParametersDelegate ConnectionFlags connection = new ConnectionFlags();

  @Parameter(names = "--dry-run", description = "say what would be done; change nothing")
  boolean dryRun;

  @Parameter(names = "--timeout", description = "how long to wait for the rollout (300, 300s, 5m)")
  String timeout = "5m";

  @Parameter(names = "--no-verify", description = "skip the test query through the cache")
  boolean noVerify;

  @Parameter(names = "--probe-image", description = "image of the test query's pod (has nslookup)")
  String probeImage = PodQueryProbe.DEFAULT_IMAGE;

  @Override
  int run(Cli cli) {
    String namespace = connection.releaseNamespace();
    ChartRequest request = chart.request();
    HelmChart helmChart = chart.chart(cli);
    var waitFor = Cli.duration("--timeout", timeout);
    UserOverrides overrides = ChartSupport.overrides(request);
    KubeAccess access = connection.access(cli.environment.env());
    KubernetesClient client = cli.client(access);
    ValuesResolver.Resolution resolution =
        ChartSupport.resolver(cli, access).resolve(request, overrides);
    Environment env = cli.environment;
    Installer installer =
        new Installer(
            client,
            env.helm().apply(access),
            helmChart,
            new RolloutWatcher(client, env.pause(), env.poll(), cli::note),
            new PodQueryProbe(client, namespace, probeImage, env.pause(), env.poll(), env.names()),
            ChartSupport.kubelet(cli, access),
            new MetricsScraper(client, MetricsScraper.DEFAULT_PORT),
            cli::note);
    installer.install(resolution, namespace, dryRun, waitFor, !noVerify);
    return 0;
  }
}
