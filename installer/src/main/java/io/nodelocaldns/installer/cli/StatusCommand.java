package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.kube.KubeAccess;
import io.nodelocaldns.installer.metrics.MetricsScraper;
import io.nodelocaldns.installer.status.NodeStatus;
import io.nodelocaldns.installer.status.StatusCollector;
import java.util.List;

@Parameters(
    commandNames = "status",
    commandDescription =
        "A table, one row per node: the agent pod, ready, version, cache hit ratio and QPS (from two"
            + " scrapes of each pod's metrics through the API server, --interval apart).")
final class StatusCommand extends Command {
  @ParametersDelegate ConnectionFlags connection = new ConnectionFlags();

  @Parameter(
      names = "--interval",
      description = "time between the two metrics scrapes (QPS is measured over it)")
  String interval = "5s";

  @Parameter(names = "--metrics-port", description = "the agents' Prometheus port")
  int metricsPort = MetricsScraper.DEFAULT_PORT;

  @Override
  int run(Cli cli) {
    var every = Cli.duration("--interval", interval);
    if (metricsPort < 1 || metricsPort > 65535) {
      throw ChartFlags.bad("--metrics-port", Integer.toString(metricsPort), "is not a port");
    }
    KubeAccess access = connection.access(cli.environment.env());
    var client = cli.client(access);
    AgentDaemonSet agent =
        AgentDaemonSet.find(client, connection.namespace(), AgentDaemonSet.DEFAULT_NAME)
            .orElseThrow(
                () ->
                    new InstallerException(
                        "no node-local-dns DaemonSet in namespace "
                            + connection.namespace()
                            + ": run node-local-dns install (or pass --namespace)"));
    cli.note(
        "DaemonSet "
            + agent.namespace()
            + "/"
            + agent.name()
            + ": "
            + agent.mode().cliName()
            + " mode, serving "
            + agent.localIps().describe());
    cli.note(
        "scraping "
            + agent.namespace()
            + "/"
            + agent.name()
            + " pods twice, "
            + every.toSeconds()
            + "s apart …");
    List<NodeStatus> rows =
        new StatusCollector(
                client, new MetricsScraper(client, metricsPort), cli.environment.pause())
            .collect(agent, every);
    cli.out.print(StatusCollector.table(rows));
    return 0;
  }
}
