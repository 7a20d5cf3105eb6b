package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.nodelocaldns.installer.install.QueryProbe;
import io.nodelocaldns.installer.values.IpAddresses;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One query from a probe pod on a node with a ready agent through each address of one kind, a
 * family each: the kube-dns ClusterIPs (which the cache answers in iptables mode) or the cache's
 * node-local addresses.
 */
final class QueryCheck implements DoctorCheck {
  private final String name;
  private final Function<InstalledAgent, List<String>> servers;
  private final QueryProbe probe;

  private QueryCheck(
      String name, Function<InstalledAgent, List<String>> servers, QueryProbe probe) {
    this.name = name;
    this.servers = servers;
    this.probe = probe;
  }

  static QueryCheck viaClusterIp(QueryProbe probe) {
    return new QueryCheck("query via ClusterIP", InstalledAgent::kubeDnsIps, probe);
  }

  static QueryCheck viaLocalIp(QueryProbe probe) {
    return new QueryCheck("query via local IP", InstalledAgent::nodeLocalIps, probe);
  }

  @Override
  public void run(InstalledAgent installed, Consumer<CheckResult> report) {
    Optional<Pod> ready = installed.firstReadyPod();
    if (ready.isEmpty()) {
      return;
    }
    String node = ready.get().getSpec().getNodeName();
    String query = "kubernetes.default.svc." + installed.clusterDomain();
    for (String ip : servers.apply(installed)) {
      report.accept(check(installed, node, query, ip));
    }
  }

  private CheckResult check(InstalledAgent installed, String node, String query, String server) {
    QueryProbe.Answer answer = probe.query(node, query, Optional.of(server));
    if (answer.resolved()) {
      return CheckResult.ok(name, query + " resolved through " + server + " from a pod on " + node);
    }
    boolean cacheAddress = IpAddresses.contains(installed.daemonSet().localIps().all(), server);
    return CheckResult.fail(
        name,
        query
            + " did not resolve through "
            + server
            + " from a pod on "
            + node
            + ": "
            + answer.output().lines().reduce((a, b) -> a + " | " + b).orElse("no output"),
        cacheAddress
            ? "the cache on "
                + node
                + " does not answer on "
                + server
                + "; see the checks above and the agent's log"
            : "kube-dns itself does not answer; check CoreDNS (kubectl -n kube-system get pods -l k8s-app=kube-dns)");
  }
}
