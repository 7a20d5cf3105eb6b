package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.nodelocaldns.installer.discovery.ClusterDiscovery;
import io.nodelocaldns.installer.doctor.CheckResult;
import io.nodelocaldns.installer.doctor.Doctor;
import io.nodelocaldns.installer.install.PodQueryProbe;
import io.nodelocaldns.installer.kube.KubeAccess;
import java.util.List;

@Parameters(
    commandNames = "doctor",
    commandDescription =
        "Check the installed agent: mode vs kube-proxy, kube-dns IP, each node's link addresses and"
            + " NOTRACK rules (exec in the agent pods), kubelet clusterDNS in IPVS mode, and a test query"
            + " through the ClusterIP and the local IP. Exit 1 if any check fails.")
final class DoctorCommand extends Command {
  @ParametersDelegate ConnectionFlags connection = new ConnectionFlags();

  @Parameter(
      names = "--kube-dns-service",
      description = "NAMESPACE/NAME of the cluster DNS Service")
  String kubeDnsService = "kube-system/kube-dns";

  @Parameter(names = "--probe-image", description = "image of the test queries' pod (has nslookup)")
  String probeImage = PodQueryProbe.DEFAULT_IMAGE;

  @Override
  int run(Cli cli) {
    String[] service = kubeDnsService.split("/", -1);
    if (service.length != 2 || service[0].isEmpty() || service[1].isEmpty()) {
      throw ChartFlags.bad("--kube-dns-service", kubeDnsService, "is not NAMESPACE/NAME");
    }
    KubeAccess access = connection.access(cli.environment.env());
    var client = cli.client(access);
    Environment env = cli.environment;
    Doctor doctor =
        new Doctor(
            client,
            new ClusterDiscovery(client, cli::note),
            env.exec().apply(client),
            new PodQueryProbe(
                client, connection.namespace(), probeImage, env.pause(), env.poll(), env.names()),
            check -> cli.out.println(check.line()));
    List<CheckResult> checks = doctor.run(connection.namespace(), service[0], service[1]);
    long failed = checks.stream().filter(c -> !c.ok()).count();
    cli.out.println(
        failed == 0
            ? "all " + checks.size() + " checks OK"
            : failed + " of " + checks.size() + " checks FAILED");
    return failed == 0 ? 0 : 1;
  }
}
