package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.discovery.ClusterDiscovery;
import io.nodelocaldns.installer.install.QueryProbe;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.kube.PodExec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code doctor}: checks the installed agent against the cluster, through the API server and the
 * agent pods (which run on the host network, so {@code ip} and {@code iptables-save} in them see
 * the node): mode vs kube-proxy, the link's addresses, the NOTRACK rules, kubelet's clusterDNS in
 * IPVS mode, and one query each through the kube-dns ClusterIP and the local IP.
 */
public final class Doctor {
  private static final String AGENT = "agent";
  private final KubernetesClient client;
  private final ClusterDiscovery discovery;
  private final Consumer<CheckResult> report;
  private final List<DoctorCheck> checks;

  public Doctor(
      KubernetesClient client,
      ClusterDiscovery discovery,
      PodExec exec,
      QueryProbe probe,
      Consumer<CheckResult> report) {
    this.client = client;
    this.discovery = discovery;
    this.report = report;
    this.checks =
        List.of(
            new ModeCheck(),
            new KubeDnsCheck(),
            new PerNodeChecks(
                List.of(
                    new LinkAddressCheck(exec),
                    new NotrackRulesCheck(exec),
                    new KubeletClusterDnsCheck())),
            QueryCheck.viaClusterIp(probe),
            QueryCheck.viaLocalIp(probe));
  }

  /**
   * Runs every check, reporting each result as it is known; all the results. Without an agent there
   * is nothing to check beyond that.
   */
  public List<CheckResult> run(String namespace, String kubeDnsNamespace, String kubeDnsName) {
    List<CheckResult> results = new ArrayList<>();
    Consumer<CheckResult> add =
        result -> {
          results.add(result);
          report.accept(result);
        };
    Optional<AgentDaemonSet> found =
        AgentDaemonSet.find(client, namespace, AgentDaemonSet.DEFAULT_NAME);
    if (found.isEmpty()) {
      add.accept(
          CheckResult.fail(
              AGENT,
              "no node-local-dns DaemonSet in " + namespace,
              "node-local-dns install (or --namespace where it is)"));
      return results;
    }
    AgentDaemonSet agent = found.get();
    add.accept(
        CheckResult.ok(
            AGENT,
            "DaemonSet "
                + namespace
                + "/"
                + agent.name()
                + ", "
                + agent.mode().cliName()
                + " mode, -localip "
                + String.join(",", agent.localIps().all())));
    InstalledAgent installed =
        new InstalledAgent(agent, client, discovery, kubeDnsNamespace, kubeDnsName);
    for (DoctorCheck check : checks) {
      check.run(installed, add);
    }
    return results;
  }
}
