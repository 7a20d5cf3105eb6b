package io.nodelocaldns.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.fixtures.Clusters;
import io.nodelocaldns.installer.fixtures.TestCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

@EnableKubernetesMockClient(crud = true)
class RenderTest {
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
    cli = new TestCli(server, client, path);
  }

  static JsonNode daemonSet(String manifests) {
    return HelmChart.documents(manifests).stream()
        .map(doc -> new YAMLMapper().readTree(doc))
        .filter(node -> node.path("kind").asString().equals("DaemonSet"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void offlineWithAllFourFlagsNeverTouchesTheCluster() {
    int before = server.getRequestCount();

    TestCli.Run run =
        cli.run(
            "render",
            "--kube-dns-ip",
            "10.96.0.10",
            "--cluster-domain",
            "cluster.local",
            "--mode",
            "ipvs",
            "--cluster",
            "eks");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(before);
    JsonNode ds = daemonSet(run.out());
    assertThat(ds.toString()).contains("\"--profile\",\"eks\"");
    assertThat(ds.toString()).contains("\"-localip\",\"169.254.20.10\"");
    assertThat(run.err().lines().toList())
        .allMatch(l -> l.startsWith("render: ") || l.startsWith("note: "))
        .anyMatch(l -> l.startsWith("note: IPVS mode: kubelet's clusterDNS must be 169.254.20.10"));
  }

  @Test
  void anotherNamespaceIsABadFlagThatSaysWhy() {
    TestCli.Run run =
        cli.run(
            "render",
            "--namespace",
            "dns",
            "--kube-dns-ip",
            "10.96.0.10",
            "--cluster-domain",
            "cluster.local",
            "--mode",
            "iptables",
            "--cluster",
            "generic");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("--namespace dns: node-local-dns is installed in kube-system only")
        .contains("must select the CoreDNS pods");
  }

  @Test
  void withoutAClusterNamesTheMissingFlags() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Environment real = Environment.system();
    // the real client factory, on a machine with no kubeconfig and no in-cluster account
    Environment noCluster =
        new Environment(
            Map.of("HOME", path.toString(), "PATH", path.toString()),
            real.clients(),
            () -> HelmChart.at(Clusters.chart()),
            real.helm(),
            real.exec(),
            real.pause(),
            real.poll(),
            real.names());

    int exit =
        InstallerMain.run(
            new String[] {"render", "--kube-dns-ip", "10.96.0.10", "--mode", "iptables"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            noCluster);

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "node-local-dns render: no cluster to talk to: no --kubeconfig, no $KUBECONFIG, no ~/.kube/config and not"
                + " in a pod; to render without a cluster pass --cluster-domain, --cluster\n");
  }

  @Test
  void discoversWhatIsNotGiven() {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, List.of("10.96.0.10", "fd00:10:96::a"), List.of("IPv4", "IPv6"));
    Clusters.kubeadmKubeProxy(client, "nftables");
    Clusters.coreDnsCorefile(client, "cluster.example");

    TestCli.Run run = cli.run("render");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(daemonSet(run.out()).toString())
        .contains("\"169.254.20.10,10.96.0.10,fd00::10,fd00:10:96::a\"");
    assertThat(run.err())
        .contains("render: cluster type: kind (nodes' spec.providerID)")
        .contains("render: mode: iptables (kube-proxy runs nftables")
        .contains(
            "render: cluster domain: cluster.example (ConfigMap kube-system/coredns (Corefile))")
        .contains(
            "render: kube-dns IP: 10.96.0.10,fd00:10:96::a (Service kube-system/kube-dns, dual-stack (IPv4 primary))")
        .contains("render: local IP: 169.254.20.10 (default, the upstream one)")
        .contains(
            "render: local IPv6: fd00::10 (default, a ULA, for the IPv6 ClusterIP fd00:10:96::a)")
        .doesNotContain("note:");
  }

  @Test
  void ipv6PrimaryDualStackServesIpv4FirstAsTheAgentReadsIt() {
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, List.of("fd00:10:96::a", "10.96.0.10"), List.of("IPv6", "IPv4"));

    TestCli.Run run = offline("--mode", "iptables");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(daemonSet(run.out()).toString())
        .contains("\"169.254.20.10,10.96.0.10,fd00::10,fd00:10:96::a\"");
    assertThat(run.err()).contains("dual-stack (IPv6 primary)");
  }

  @Test
  void dualStackIpvsHandsKubeletBothLocalAddresses() {
    TestCli.Run run =
        offline("--kube-dns-ip", "10.96.0.10,fd00:10:96::a", "--mode", "ipvs", "--cluster", "kind");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(daemonSet(run.out()).toString()).contains("\"-localip\",\"169.254.20.10,fd00::10\"");
    assertThat(run.err())
        .contains("render: kube-dns IP: 10.96.0.10,fd00:10:96::a (--kube-dns-ip)")
        .contains(
            "note: IPVS mode: kubelet's clusterDNS must be 169.254.20.10,fd00::10 on every node");
  }

  @Test
  void theIpv6LocalAddressIsAFlag() {
    TestCli.Run run =
        offline(
            "--kube-dns-ip",
            "fd00:10:96::a,10.96.0.10",
            "--local-ipv6",
            "fd00::53",
            "--mode",
            "iptables",
            "--cluster",
            "generic");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(daemonSet(run.out()).toString())
        .contains("\"169.254.20.10,10.96.0.10,fd00::53,fd00:10:96::a\"");
    assertThat(run.err()).contains("render: local IPv6: fd00::53 (--local-ipv6)");
  }

  @Test
  void anIpv4ClusterIpAloneServesIpv4Only() {
    // the way to keep IPv6 out on a dual-stack cluster: name the IPv4 ClusterIP alone
    TestCli.Run run =
        offline("--kube-dns-ip", "10.96.0.10", "--mode", "iptables", "--cluster", "generic");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(daemonSet(run.out()).toString()).contains("\"169.254.20.10,10.96.0.10\"");
    assertThat(run.err()).doesNotContain("IPv6");
  }

  @Test
  void ipv6OnlyKubeDnsGetsAnIpv6LocalAddress() {
    TestCli.Run run =
        offline("--kube-dns-ip", "fd00:10:96::a", "--mode", "iptables", "--cluster", "generic");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(daemonSet(run.out()).toString()).contains("\"fd00::10,fd00:10:96::a\"");
    assertThat(run.err())
        .contains("render: local IP: fd00::10 (default for an IPv6-only cluster, a ULA)")
        .doesNotContain("local IPv6");

    TestCli.Run ipvs =
        offline(
            "--kube-dns-ip",
            "fd00:10:96::a",
            "--local-ip",
            "fd00::53",
            "--mode",
            "ipvs",
            "--cluster",
            "generic");
    assertThat(ipvs.exit()).as(ipvs.err()).isZero();
    assertThat(daemonSet(ipvs.out()).toString()).contains("\"-localip\",\"fd00::53\"");
    assertThat(ipvs.err()).contains("kubelet's clusterDNS must be fd00::53 on every node");
  }

  @Test
  void ipv6ValuesFromAFileAreCheckedWithTheirSource() throws Exception {
    Path values = path.resolve("v.yaml");
    Files.writeString(values, "kubeDNS:\n  ip: 10.96.0.10\n  ipv6: 10.96.0.11\n");

    TestCli.Run run =
        offline("--values", values.toString(), "--mode", "iptables", "--cluster", "generic");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "node-local-dns render: --values "
                + values
                + ": \"10.96.0.11\" is not an IPv6 address\n");

    Files.writeString(values, "kubeDNS:\n  ip: 10.96.0.10\n  ipv6: fd00:10:96::a\n");
    TestCli.Run ok =
        offline("--values", values.toString(), "--mode", "ipvs", "--cluster", "generic");
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(daemonSet(ok.out()).toString()).contains("\"-localip\",\"169.254.20.10,fd00::10\"");
  }

  /** render with --cluster-domain given and these flags. */
  private TestCli.Run offline(String... flags) {
    String[] args = new String[flags.length + 3];
    args[0] = "render";
    args[1] = "--cluster-domain";
    args[2] = "cluster.local";
    System.arraycopy(flags, 0, args, 3, flags.length);
    return cli.run(args);
  }

  @Test
  void userSetOfAnInstallerValueIsCheckedAndActedOn() throws Exception {
    Path values = path.resolve("v.yaml");
    Files.writeString(values, "mode: ipvs\nkubeDNS:\n  ip: 10.0.0.10\n");

    TestCli.Run run =
        cli.run(
            "render",
            "--values",
            values.toString(),
            "--cluster-domain",
            "cluster.local",
            "--cluster",
            "generic");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("mode: ipvs (--values " + values + ")")
        .contains("note: IPVS mode");

    TestCli.Run bad =
        cli.run(
            "render",
            "--set",
            "kubeDNS.ip=ten",
            "--cluster-domain",
            "cluster.local",
            "--cluster",
            "generic",
            "--mode",
            "iptables");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err())
        .isEqualTo("node-local-dns render: --set kubeDNS.ip: \"ten\" is not an IP address\n");
  }

  @Test
  void aChartErrorIsOneLine() {
    TestCli.Run run =
        cli.run(
            "render",
            "--kube-dns-ip",
            "10.96.0.10",
            "--cluster-domain",
            "cluster.local",
            "--mode",
            "iptables",
            "--cluster",
            "kind",
            "--set",
            "image.digest=sha256:abc");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines().toList().getLast())
        .startsWith("node-local-dns render: --set image.digest: \"sha256:abc\" is not ");
    assertThat(run.err().lines().count())
        .isEqualTo(1 + run.err().lines().filter(l -> l.startsWith("render: ")).count());
  }

  @Test
  void versionPrintsInstallerAndChart() {
    TestCli.Run run = cli.run("version");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo("node-local-dns installer dev\nchart node-local-dns 0.1.0 (appVersion 0.1.0)\n");
  }
}
