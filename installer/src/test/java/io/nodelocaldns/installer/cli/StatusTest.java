package io.nodelocaldns.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.nodelocaldns.installer.fixtures.Clusters;
import io.nodelocaldns.installer.fixtures.TestCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status: a table per node from two scrapes of each agent's metrics through the pod proxy. */
@EnableKubernetesMockClient(crud = true)
class StatusTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  @TempDir Path path;
  TestCli cli;

  @BeforeEach
  void setUp() {
    server.clearExpectations();
    client.nodes().delete();
    client.services().inNamespace("kube-system").delete();
    client.configMaps().inNamespace("kube-system").delete();
    client.apps().daemonSets().inNamespace("kube-system").delete();
    client.pods().inNamespace("kube-system").delete();
    cli = new TestCli(server, client, path);
  }

  private static String metrics(int hits, int misses, int requests) {
    return """
        # TYPE coredns_cache_hits_total counter
        coredns_cache_hits_total{server="dns://169.254.20.10:53",type="success",zones="."} %d
        coredns_cache_misses_total{server="dns://169.254.20.10:53",zones="."} %d
        coredns_dns_requests_total{family="1",proto="udp",server="dns://169.254.20.10:53",type="A",zone="."} %d
        coredns_build_info{goversion="java25",revision="abc",version="0.1.0-agent"} 1
        """
        .formatted(hits, misses, requests);
  }

  private void serve(String pod, String first, String second) {
    String metricsPath = "/api/v1/namespaces/kube-system/pods/" + pod + ":9253/proxy/metrics";
    server.expect().get().withPath(metricsPath).andReturn(200, first).once();
    server.expect().get().withPath(metricsPath).andReturn(200, second).once();
  }

  @Test
  void tablePerNodeWithHitRatioAndQps() {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, "10.96.0.10");
    Clusters.kubeadmKubeProxy(client, "iptables");
    assertThat(cli.run("install", "--cluster-domain", "cluster.local", "--no-verify").exit())
        .isZero();
    serve("node-local-dns-kind-control-plane", metrics(80, 20, 1000), metrics(90, 30, 1500));
    serve("node-local-dns-kind-worker", metrics(0, 0, 0), metrics(0, 0, 0));
    // kind-worker2's agent does not answer: its figures are unknown, not zero

    TestCli.Run run = cli.run("status", "--interval", "10s");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .containsExactly(
            "NODE                POD                                READY  VERSION                    HIT RATIO  QPS",
            "kind-control-plane  node-local-dns-kind-control-plane  yes    0.1.0 (agent 0.1.0-agent)  75.0%      50.0",
            "kind-worker         node-local-dns-kind-worker         yes    0.1.0 (agent 0.1.0-agent)  -          0.0",
            "kind-worker2        node-local-dns-kind-worker2        yes    0.1.0                      -          -");
    assertThat(run.err())
        .contains(
            "DaemonSet kube-system/node-local-dns: iptables mode, serving IPv4 169.254.20.10,"
                + " 10.96.0.10\n")
        .contains("10s apart");
  }

  @Test
  void aDualStackAgentIsSaidWithBothFamilies() {
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, List.of("10.96.0.10", "fd00:10:96::a"), List.of("IPv4", "IPv6"));
    Clusters.kubeadmKubeProxy(client, "ipvs");
    assertThat(
            cli.run("install", "--cluster-domain", "cluster.local", "--no-verify", "--mode", "ipvs")
                .exit())
        .isZero();

    TestCli.Run run = cli.run("status", "--interval", "1s");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "DaemonSet kube-system/node-local-dns: ipvs mode, serving IPv4 169.254.20.10 and IPv6"
                + " fd00::10\n");
  }

  @Test
  void noAgentInstalled() {
    TestCli.Run run = cli.run("status");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "node-local-dns status: no node-local-dns DaemonSet in namespace kube-system: run node-local-dns install (or pass --namespace)\n");
  }

  @Test
  void badInterval() {
    TestCli.Run run = cli.run("status", "--interval", "soon");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "node-local-dns status: --interval: \"soon\" is not a duration such as 30s, 5m or 300\n");
  }
}
