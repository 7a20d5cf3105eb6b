package io.nodelocaldns.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.nodelocaldns.installer.fixtures.Clusters;
import io.nodelocaldns.installer.fixtures.FakeDocker;
import io.nodelocaldns.installer.fixtures.TestCli;
import io.nodelocaldns.installer.install.KindKubeletDnsChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install and uninstall end to end through the CLI, against the mock server. */
@EnableKubernetesMockClient(crud = true)
class InstallFlowTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  static final List<String> KIND = List.of("kind-control-plane", "kind-worker", "kind-worker2");

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

  private void requestCounter(String pod, int before, int after) {
    String metricsPath = "/api/v1/namespaces/kube-system/pods/" + pod + ":9253/proxy/metrics";
    String line =
        "coredns_dns_requests_total{server=\"dns://169.254.20.10:53\",zone=\".\",proto=\"udp\",family=\"1\",type=\"A\"} ";
    server.expect().get().withPath(metricsPath).andReturn(200, line + before + "\n").once();
    server.expect().get().withPath(metricsPath).andReturn(200, line + after + "\n").once();
  }

  @Test
  void kindIptablesInstallsWaitsPerNodeAndVerifiesThroughTheCache() throws Exception {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, "10.96.0.10");
    Clusters.kubeadmKubeProxy(client, "iptables");
    Clusters.coreDnsCorefile(client, "cluster.local");
    requestCounter("node-local-dns-kind-control-plane", 10, 11);
    FakeDocker docker = new FakeDocker(path, "docker", KIND);

    TestCli.Run run = cli.run("install");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains(
            "mode:            iptables  (kube-proxy runs iptables, ConfigMap kube-system/kube-proxy")
        .contains("cluster type:    kind")
        .contains("installing Helm release node-local-dns in kube-system")
        .contains("node kind-control-plane: ready (1/3)")
        .contains("node kind-worker: ready (2/3)")
        .contains("node kind-worker2: ready (3/3)")
        .contains("the cache there counted it (coredns_dns_requests_total 10 -> 11)")
        .contains("installed: node-local-dns iptables mode on 3 nodes");
    DaemonSet ds =
        client.apps().daemonSets().inNamespace("kube-system").withName("node-local-dns").get();
    assertThat(ds.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .containsSequence("-localip", "169.254.20.10,10.96.0.10");
    assertThat(ds.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .containsSequence("--profile", "kind");
    // iptables mode leaves kubelet alone; the probe used the pod's resolv.conf (no server argument)
    assertThat(docker.calls()).isEmpty();
    assertThat(cli.controller.probeCommands)
        .containsExactly(List.of("nslookup", "kubernetes.default.svc.cluster.local"));
    // discovered values go first, so the user's files and --set win
    assertThat(Files.readString(cli.helm.installs.getFirst().files().getFirst()))
        .contains("kubeDNS:\n  ip: \"10.96.0.10\"");
    assertThat(
            client
                .pods()
                .inNamespace("kube-system")
                .withLabel("app.kubernetes.io/name", "node-local-dns-probe")
                .list()
                .getItems())
        .as("the probe pod is deleted")
        .isEmpty();
  }

  @Test
  void kindIpvsChangesKubeletThroughDockerAndUninstallRevertsIt() throws Exception {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, "10.96.0.10");
    Clusters.kubeadmKubeProxy(client, "ipvs");
    requestCounter("node-local-dns-kind-control-plane", 3, 4);
    FakeDocker docker = new FakeDocker(path, "docker", KIND);

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("mode:            ipvs")
        .contains(
            "node kind-worker: kubelet clusterDNS 10.96.0.10 -> 169.254.20.10, kubelet restarted")
        .contains("via 169.254.20.10")
        .contains("installed: node-local-dns ipvs mode on 3 nodes");
    for (String node : KIND) {
      assertThat(docker.config(node))
          .contains("clusterDNS:\n- 169.254.20.10\nclusterDomain: cluster.local\n")
          .startsWith("apiVersion: kubelet.config.k8s.io/v1beta1\n");
      assertThat(client.nodes().withName(node).get().getMetadata().getAnnotations())
          .containsEntry(KindKubeletDnsChange.ANNOTATION, "10.96.0.10");
    }
    assertThat(docker.restarts())
        .containsExactly(
            "restarted kind-control-plane", "restarted kind-worker", "restarted kind-worker2");
    assertThat(docker.calls())
        .contains(
            "exec kind-worker cat /var/lib/kubelet/config.yaml",
            "exec kind-worker systemctl restart kubelet");
    DaemonSet ds =
        client.apps().daemonSets().inNamespace("kube-system").withName("node-local-dns").get();
    assertThat(ds.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .containsSequence("-localip", "169.254.20.10");
    assertThat(cli.controller.probeCommands.getFirst())
        .containsExactly("nslookup", "kubernetes.default.svc.cluster.local", "169.254.20.10");

    // a second install does not record the cache's IP as the "original"
    requestCounter("node-local-dns-kind-control-plane", 4, 5);
    TestCli.Run again = cli.run("install", "--cluster-domain", "cluster.local");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err())
        .contains("upgrading Helm release")
        .contains("kubelet clusterDNS is already 169.254.20.10");
    assertThat(client.nodes().withName("kind-worker").get().getMetadata().getAnnotations())
        .containsEntry(KindKubeletDnsChange.ANNOTATION, "10.96.0.10");

    TestCli.Run uninstall = cli.run("uninstall");

    assertThat(uninstall.exit()).as(uninstall.err()).isZero();
    assertThat(uninstall.err())
        .contains("node kind-worker: kubelet clusterDNS restored to 10.96.0.10, kubelet restarted")
        .contains("release node-local-dns: uninstalled from kube-system");
    for (String node : KIND) {
      assertThat(docker.config(node)).isEqualTo(FakeDocker.KUBELET_CONFIG);
      assertThat(client.nodes().withName(node).get().getMetadata().getAnnotations())
          .doesNotContainKey(KindKubeletDnsChange.ANNOTATION);
    }
    assertThat(cli.helm.uninstalls).containsExactly("kube-system/node-local-dns");
  }

  @Test
  void kindDualStackIpvsHandsPodsBothLocalAddressesAndUninstallRevertsIt() throws Exception {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, List.of("10.96.0.10", "fd00:10:96::a"), List.of("IPv4", "IPv6"));
    Clusters.kubeadmKubeProxy(client, "ipvs");
    FakeDocker docker = new FakeDocker(path, "docker", KIND);

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("kube-dns IP:     10.96.0.10,fd00:10:96::a  (Service kube-system/kube-dns")
        .contains(
            "local IPv6:      fd00::10  (default, a ULA, for the IPv6 ClusterIP fd00:10:96::a)")
        .contains("IPVS mode: kubelet must send pods to 169.254.20.10,fd00::10 (clusterDNS)")
        .contains(
            "node kind-worker: kubelet clusterDNS 10.96.0.10 -> 169.254.20.10,fd00::10, kubelet"
                + " restarted");
    for (String node : KIND) {
      assertThat(docker.config(node))
          .contains("clusterDNS:\n- 169.254.20.10\n- fd00::10\nclusterDomain: cluster.local\n");
    }
    DaemonSet ds =
        client.apps().daemonSets().inNamespace("kube-system").withName("node-local-dns").get();
    assertThat(ds.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .containsSequence("-localip", "169.254.20.10,fd00::10");
    assertThat(Files.readString(cli.helm.installs.getFirst().files().getFirst()))
        .contains(
            "localIPv6: \"fd00::10\"\n",
            "kubeDNS:\n  ip: \"10.96.0.10\"\n  ipv6: \"fd00:10:96::a\"\n");

    TestCli.Run again = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");
    assertThat(again.err()).contains("kubelet clusterDNS is already 169.254.20.10,fd00::10");

    TestCli.Run uninstall = cli.run("uninstall");
    assertThat(uninstall.exit()).as(uninstall.err()).isZero();
    for (String node : KIND) {
      assertThat(docker.config(node)).isEqualTo(FakeDocker.KUBELET_CONFIG);
    }
  }

  @Test
  void dryRunNamesBothFamilies() throws Exception {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, List.of("10.96.0.10", "fd00:10:96::a"), List.of("IPv4", "IPv6"));
    Clusters.kubeadmKubeProxy(client, "iptables");

    TestCli.Run run = cli.run("install", "--dry-run", "--cluster-domain", "cluster.local");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "  kube-dns IP:     10.96.0.10,fd00:10:96::a  (Service kube-system/kube-dns, dual-stack"
                + " (IPv4 primary))")
        .contains("  local IP:        169.254.20.10  (default, the upstream one)")
        .contains(
            "  local IPv6:      fd00::10  (default, a ULA, for the IPv6 ClusterIP fd00:10:96::a)")
        .contains(
            "    its agent serving DNS on IPv4 169.254.20.10, 10.96.0.10 and IPv6 fd00::10,"
                + " fd00:10:96::a");
    assertThat(cli.helm.installs).isEmpty();
  }

  @Test
  void ipv6OnlyEksIpvsPrintsTheIpv6LocalAddressForEachProvisioner() {
    Clusters.eksNodes(client);
    Clusters.kubeDns(client, "fd00:10:96::a");
    Clusters.eksKubeProxy(client, "ipvs");

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("local IP:        fd00::10  (default for an IPv6-only cluster, a ULA)")
        .contains("PENDING: IPVS mode needs kubelet's clusterDNS set to fd00::10 on every node")
        .contains("      clusterDNS:\n      - fd00::10\n")
        .contains("  clusterDNS: fd00::10\n")
        .contains("    clusterDNS: [\"fd00::10\"]\n")
        .contains("--dns-cluster-ip fd00::10");
    DaemonSet ds =
        client.apps().daemonSets().inNamespace("kube-system").withName("node-local-dns").get();
    assertThat(ds.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .containsSequence("-localip", "fd00::10");
  }

  @Test
  void genericDualStackIpvsPrintsBothAddresses() {
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, List.of("10.43.0.10", "fd00:10:43::a"), List.of("IPv4", "IPv6"));
    Clusters.kubeadmKubeProxy(client, "ipvs");

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("PENDING: IPVS mode needs kubelet's clusterDNS set to 169.254.20.10,fd00::10")
        .contains("  clusterDNS:\n  - 169.254.20.10\n  - fd00::10\n")
        .contains("--cluster-dns=169.254.20.10,fd00::10")
        .contains("To undo: set it back to 10.43.0.10");

    // a node whose kubelet still hands pods the cache's IPv6 address keeps the release
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes/node-b/proxy/configz")
        .andReturn(200, "{\"kubeletconfig\":{\"clusterDNS\":[\"10.43.0.10\",\"fd00:0::10\"]}}")
        .always();
    TestCli.Run refused = cli.run("uninstall");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .endsWith(
            "node-local-dns uninstall: kubelet clusterDNS is still 169.254.20.10,fd00::10 on"
                + " node-b: set it back to 10.43.0.10 first (pods there would lose DNS), or pass"
                + " --force\n");
    assertThat(cli.helm.uninstalls).isEmpty();
  }

  @Test
  void kindKubeletConfigIsReplacedByARenameNotRewrittenInPlace() throws Exception {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, "10.96.0.10");
    Clusters.kubeadmKubeProxy(client, "ipvs");
    FakeDocker docker = new FakeDocker(path, "docker", KIND);
    Path config = docker.configFile("kind-worker");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
    Object inode = Files.getAttribute(config, "unix:ino");

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(docker.config("kind-worker")).contains("clusterDNS:\n- 169.254.20.10\n");
    // a new file renamed over the old one: a kubelet starting meanwhile reads one or the other
    assertThat(Files.getAttribute(config, "unix:ino")).isNotEqualTo(inode);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .as("the old file's mode")
        .isEqualTo("rw-r-----");
    try (Stream<Path> files = Files.list(path)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no temporary file left next to it")
          .noneMatch(name -> name.matches(".*\\.yaml\\..+"));
    }
    assertThat(docker.calls())
        .noneMatch(call -> call.contains("cat > /var/lib/kubelet/config.yaml"));
  }

  @Test
  void uninstallRefusesAnAnnotationThatIsNotAddressesAndChangesNoNode() throws Exception {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, "10.96.0.10");
    Clusters.kubeadmKubeProxy(client, "ipvs");
    FakeDocker docker = new FakeDocker(path, "docker", KIND);
    assertThat(cli.run("install", "--cluster-domain", "cluster.local", "--no-verify").exit())
        .isZero();
    String installed = docker.config("kind-worker2");
    // whoever may annotate nodes could otherwise add kubelet settings through the value
    String injected = "10.96.0.10\nreadOnlyPort: 10255";
    client
        .nodes()
        .withName("kind-worker2")
        .edit(
            n -> {
              n.getMetadata().getAnnotations().put(KindKubeletDnsChange.ANNOTATION, injected);
              return n;
            });
    List<String> callsBefore = docker.calls();

    TestCli.Run uninstall = cli.run("uninstall");

    assertThat(uninstall.exit()).isEqualTo(1);
    assertThat(uninstall.err().strip().lines().toList().getLast())
        .startsWith(
            "node-local-dns uninstall: node kind-worker2: annotation "
                + KindKubeletDnsChange.ANNOTATION
                + " is \"10.96.0.10\\nreadOnlyPort: 10255\", not IP"
                + " addresses separated by commas; refusing to write it into kubelet's"
                + " /var/lib/kubelet/config.yaml (nothing was changed on any node).");
    for (String node : KIND) {
      assertThat(docker.config(node)).as(node).isEqualTo(installed).doesNotContain("readOnlyPort");
    }
    assertThat(docker.calls()).as("no node touched").isEqualTo(callsBefore);
    assertThat(cli.helm.uninstalls).isEmpty();
  }

  @Test
  void kindIpvsWithoutDockerOrPodmanSaysWhatToDo() {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, "10.96.0.10");
    Clusters.kubeadmKubeProxy(client, "ipvs");

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip().lines().toList().getLast())
        .isEqualTo(
            "node-local-dns install: IPVS mode on Kind changes kubelet in the node containers, but neither docker nor"
                + " podman is on PATH: run the installer where `kind` runs, or pass --mode iptables");
  }

  @Test
  void kindIpvsWithPodman() throws Exception {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, "10.96.0.10");
    Clusters.kubeadmKubeProxy(client, "ipvs");
    FakeDocker podman = new FakeDocker(path, "podman", KIND);

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(podman.restarts()).hasSize(3);
  }

  @Test
  void eksIpvsPrintsTheNodeConfigSnippetsAndLeavesTheStepPending() throws Exception {
    Clusters.eksNodes(client);
    Clusters.kubeDns(client, "172.20.0.10");
    Clusters.eksKubeProxy(client, "ipvs");
    FakeDocker docker = new FakeDocker(path, "docker", List.of());

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("cluster type:    eks")
        .contains("PENDING: IPVS mode needs kubelet's clusterDNS set to 169.254.20.10")
        .contains(
            "kind: NodeConfig\nspec:\n  kubelet:\n    config:\n      clusterDNS:\n      - 169.254.20.10")
        .contains("managedNodeGroups:\n- name: <your-nodegroup>\n  clusterDNS: 169.254.20.10")
        .contains("kind: EC2NodeClass")
        .contains("clusterDNS: [\"169.254.20.10\"]")
        .contains("installed; the kubelet clusterDNS step is PENDING")
        .doesNotContain("installed: node-local-dns");
    assertThat(docker.calls()).isEmpty();
  }

  @Test
  void eksIpvsUninstallRefusesWhileKubeletStillPointsAtTheCache() {
    Clusters.eksNodes(client);
    Clusters.kubeDns(client, "172.20.0.10");
    Clusters.eksKubeProxy(client, "ipvs");
    assertThat(cli.run("install", "--cluster-domain", "cluster.local", "--no-verify").exit())
        .isZero();
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes/ip-10-0-2-20.us-west-2.compute.internal/proxy/configz")
        .andReturn(200, "{\"kubeletconfig\":{\"clusterDNS\":[\"169.254.20.10\"]}}")
        .always();

    TestCli.Run refused = cli.run("uninstall");

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains(
            "kubelet: if your node groups set clusterDNS to the cache's local IP (IPVS mode), set it back to 172.20.0.10")
        .endsWith(
            "node-local-dns uninstall: kubelet clusterDNS is still 169.254.20.10 on ip-10-0-2-20.us-west-2.compute.internal:"
                + " set it back to 172.20.0.10 first (pods there would lose DNS), or pass --force\n");
    assertThat(cli.helm.uninstalls).isEmpty();

    TestCli.Run forced = cli.run("uninstall", "--force");

    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(cli.helm.uninstalls).containsExactly("kube-system/node-local-dns");
  }

  @Test
  void eksIptablesAndGenericNftables() throws Exception {
    Clusters.eksNodes(client);
    Clusters.kubeDns(client, "172.20.0.10");
    Clusters.eksKubeProxy(client, "iptables");

    TestCli.Run eks = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(eks.exit()).as(eks.err()).isZero();
    assertThat(eks.err())
        .contains("installed: node-local-dns iptables mode on 2 nodes")
        .doesNotContain("PENDING");
    assertThat(
            client
                .apps()
                .daemonSets()
                .inNamespace("kube-system")
                .withName("node-local-dns")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getArgs())
        .containsSequence("--profile", "eks");

    setUp();
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, "10.43.0.10");
    Clusters.kubeadmKubeProxy(client, "nftables");

    TestCli.Run generic = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(generic.exit()).as(generic.err()).isZero();
    assertThat(generic.err())
        .contains("mode:            iptables  (kube-proxy runs nftables")
        .contains("cluster type:    generic");
  }

  @Test
  void genericIpvsPrintsWhatToChange() {
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, "10.43.0.10");
    Clusters.kubeadmKubeProxy(client, "ipvs");

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local", "--no-verify");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("PENDING")
        .contains("--cluster-dns=169.254.20.10")
        .contains("To undo: set it back to 10.43.0.10");
  }

  @Test
  void dryRunChangesNothing() throws Exception {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, "10.96.0.10");
    Clusters.kubeadmKubeProxy(client, "ipvs");
    FakeDocker docker = new FakeDocker(path, "docker", KIND);

    TestCli.Run run = cli.run("install", "--dry-run", "--cluster-domain", "cluster.local");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("dry run: nothing is changed")
        .contains(
            "install Helm release node-local-dns in kube-system with 5 objects: ServiceAccount/node-local-dns, ConfigMap/node-local-dns, Service/node-local-dns, Service/kube-dns-upstream, DaemonSet/node-local-dns")
        .contains("wait for DaemonSet kube-system/node-local-dns to be ready on 3 nodes")
        .contains(
            "set kubelet clusterDNS to 169.254.20.10 in /var/lib/kubelet/config.yaml of Kind node kind-worker")
        .contains(
            "resolve kubernetes.default.svc.cluster.local from a probe pod through the cache");
    assertThat(cli.helm.installs).isEmpty();
    assertThat(docker.calls()).isEmpty();
    assertThat(client.apps().daemonSets().inNamespace("kube-system").list().getItems()).isEmpty();
  }

  @Test
  void userValuesAndSetWinOverDiscoveredValues() throws Exception {
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, "10.43.0.10");
    Clusters.kubeadmKubeProxy(client, "iptables");
    Path values = path.resolve("mine.yaml");
    Files.writeString(values, "localIP: 169.254.20.25\nimage:\n  tag: from-file\n");

    TestCli.Run run =
        cli.run(
            "install",
            "--cluster-domain",
            "cluster.local",
            "--no-verify",
            "--values",
            values.toString(),
            "--image",
            "registry.local:5000/nld:1.2",
            "--set",
            "image.tag=from-set");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("local IP:        169.254.20.25  (--values " + values + ")");
    DaemonSet ds =
        client.apps().daemonSets().inNamespace("kube-system").withName("node-local-dns").get();
    var container = ds.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(container.getArgs()).containsSequence("-localip", "169.254.20.25,10.43.0.10");
    assertThat(container.getImage()).isEqualTo("registry.local:5000/nld:from-set");
  }

  @Test
  void aFailedTestQueryFailsTheInstall() {
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, "10.43.0.10");
    Clusters.kubeadmKubeProxy(client, "iptables");
    cli.controller.probesFail = true;

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "node-local-dns install: verify: kubernetes.default.svc.cluster.local did not resolve from a pod on node-a")
        .contains("run `node-local-dns doctor`");
  }

  @Test
  void aQueryTheCacheDidNotCountFailsTheInstall() {
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, "10.43.0.10");
    Clusters.kubeadmKubeProxy(client, "iptables");
    requestCounter("node-local-dns-node-a", 7, 7);

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "did not count it (coredns_dns_requests_total stayed 7): queries bypass the cache");
  }

  @Test
  void noKubeDnsIsAClearError() {
    Clusters.kindNodes(client);
    Clusters.kubeadmKubeProxy(client, "iptables");

    TestCli.Run run = cli.run("install");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "node-local-dns install: no Service kube-system/kube-dns in the cluster (the cluster DNS Service): pass"
                + " --kube-dns-ip <its ClusterIP> or --kube-dns-service <namespace>/<name>");
  }

  @Test
  void unknownKubeProxyModeIsAClearError() {
    Clusters.kindNodes(client);
    Clusters.kubeDns(client, "10.96.0.10");
    Clusters.kubeadmKubeProxy(client, "kernelspace");

    TestCli.Run run = cli.run("install", "--cluster-domain", "cluster.local");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).endsWith("pass --mode iptables or --mode ipvs\n");
    assertThat(cli.helm.installs).isEmpty();
  }

  @Test
  void missingKubeProxyConfigMapWorksWithExplicitMode() {
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, "10.43.0.10");

    assertThat(cli.run("install", "--cluster-domain", "cluster.local", "--no-verify").err())
        .contains("no kube-proxy ConfigMap");
    TestCli.Run run =
        cli.run(
            "install", "--cluster-domain", "cluster.local", "--no-verify", "--mode", "iptables");
    assertThat(run.exit()).as(run.err()).isZero();
  }

  @Test
  void uninstallWithoutReleaseSaysSo() {
    Clusters.genericNodes(client);
    Clusters.kubeDns(client, "10.43.0.10");

    TestCli.Run run = cli.run("uninstall");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("release node-local-dns: not installed in kube-system; nothing to uninstall");
  }
}
