package io.nodelocaldns.installer.install;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.install.InstallPlan.VerifyQuery;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.metrics.MetricsScraper;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Install's last step: one query from a probe pod on a node, and the agent's request counter on
 * that node must grow, or the answer came from elsewhere.
 */
final class QueryVerifier {
  private final KubernetesClient client;
  private final QueryProbe probe;
  private final MetricsScraper metrics;
  private final Consumer<String> err;

  QueryVerifier(
      KubernetesClient client, QueryProbe probe, MetricsScraper metrics, Consumer<String> err) {
    this.client = client;
    this.probe = probe;
    this.metrics = metrics;
    this.err = err;
  }

  /**
   * In iptables mode the query goes through the pod's resolv.conf (the kube-dns IP, which the cache
   * answers on the node); in IPVS mode through the local IP, which is what kubelet hands pods once
   * clusterDNS is changed.
   */
  void verify(VerifyQuery query, String node) {
    String namespace = query.namespace();
    Optional<String> agentPod =
        AgentDaemonSet.find(client, namespace, query.daemonSet())
            .flatMap(
                ds ->
                    ds.pods(client).stream()
                        .filter(p -> node.equals(p.getSpec().getNodeName()))
                        .map(p -> p.getMetadata().getName())
                        .findFirst());
    Optional<Double> before = agentPod.flatMap(p -> requests(namespace, p));
    QueryProbe.Answer answer = probe.query(node, query.name(), query.server());
    String via =
        query
            .server()
            .map(s -> "via " + s)
            .orElse("via the pod's resolv.conf (" + query.kubeDnsIp() + ")");
    String resolved = query.name() + " resolved from a pod on " + node + " " + via;
    if (!answer.resolved()) {
      throw failed(
          query.name()
              + " did not resolve from a pod on "
              + node
              + " "
              + via
              + ": "
              + answer.output().lines().reduce((a, b) -> a + " | " + b).orElse("no output"));
    }
    Optional<Double> after = agentPod.flatMap(p -> requests(namespace, p));
    if (before.isEmpty() || after.isEmpty()) {
      err.accept(
          "verify: "
              + resolved
              + " (the cache's metrics could not be read to confirm it answered)");
    } else if (after.get() > before.get()) {
      err.accept(
          "verify: "
              + resolved
              + "; the cache there counted it (coredns_dns_requests_total "
              + fmt(before.get())
              + " -> "
              + fmt(after.get())
              + ")");
    } else {
      throw failed(
          resolved
              + " but the cache there did not count it (coredns_dns_requests_total stayed "
              + fmt(after.get())
              + "): queries bypass the cache");
    }
  }

  private static InstallerException failed(String what) {
    return new InstallerException("verify: " + what + "; run `node-local-dns doctor`");
  }

  private Optional<Double> requests(String namespace, String pod) {
    return metrics.scrape(namespace, pod).flatMap(m -> m.sum("coredns_dns_requests_total"));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
