package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * node-local-dns on a real cluster (Kind or EKS, the one in KUBECONFIG), installed and removed with
 * the installer jar as a user would, in the mode the nodes' kube-proxy needs (or {@code
 * -Dnld.cluster.mode}). In order: install; a pod's cluster and external names resolve through the
 * cache and its own node's agent counts them; the seeds' per-node checks hold; a rolling upgrade
 * fails no query of a pod resolving in a loop; uninstall restores the cluster's DNS. Everything the
 * suite creates is in its own namespace, deleted at the end; an install it made is uninstalled even
 * after a failure. docs/e2e.md, "The cluster e2e".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeLocalDnsClusterIT {
  static final String LOCAL_IP = "169.254.20.10";
  static final String RELEASE_NAMESPACE = "kube-system";
  static final int REPEATS = 3;
  static final Duration POLL = Duration.ofSeconds(2);
  static final Duration POD_BOUND = Duration.ofMinutes(5);
  static final Duration ROLLOUT_BOUND = Duration.ofMinutes(10);
  static final long INSTALLER_BOUND_MINUTES = 15;

  private final String runId =
      HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);

  private ClusterSettings settings;
  private String skipReason;
  private KubernetesClient client;
  private String namespace;
  private String node;
  private String kubeDnsIp;
  private ClusterSettings.Mode mode;
  private InstallerCli cli;
  private PodRuns pods;
  private AgentMetrics metrics;
  private int podCount;
  private boolean installAttempted;
  private boolean installed;
  private boolean uninstalled;

  @BeforeAll
  void findTheClusterAndReadTheNode() {
    settings = ClusterSettings.fromSystemProperties();
    Optional<ClusterProbe.Reachable> found = findCluster();
    if (found.isEmpty()) {
      return;
    }
    ClusterProbe.Reachable cluster = found.get();
    progress("cluster " + cluster.describe());
    client = cluster.openClient();

    // never touch an installation the suite did not make
    assertThat(
            client
                .apps()
                .daemonSets()
                .inNamespace(RELEASE_NAMESPACE)
                .withName(Leftovers.RELEASE)
                .get())
        .as(
            "node-local-dns is already installed in %s: the suite installs and uninstalls it"
                + " itself; run `java -jar installer/target/node-local-dns.jar uninstall` first",
            RELEASE_NAMESPACE)
        .isNull();
    Service kubeDns = client.services().inNamespace("kube-system").withName("kube-dns").get();
    assertThat(kubeDns).as("the Service kube-system/kube-dns (the cluster's DNS)").isNotNull();
    kubeDnsIp = kubeDns.getSpec().getClusterIP();
    List<Node> nodes = client.nodes().list().getItems();
    node = ClusterNodes.choose(nodes);
    String type =
        settings.clusterType().equals("auto") ? ClusterNodes.typeOf(nodes) : settings.clusterType();

    namespace = "nld-e2e-" + runId;
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels(TestPods.PART_OF, TestPods.SUITE)
                // the debug pod is privileged; say so where Pod Security Admission is enforced
                .addToLabels("pod-security.kubernetes.io/enforce", "privileged")
                .endMetadata()
                .build())
        .create();
    pods = new PodRuns(client, POLL, POD_BOUND);
    metrics = new AgentMetrics(client, RELEASE_NAMESPACE);
    progress("namespace " + namespace + "; test pods on node " + node + "; kube-dns " + kubeDnsIp);

    NodeView before = nodeView("before the install");
    mode =
        switch (settings.mode()) {
          case AUTO ->
              before.hasLink("kube-ipvs0")
                  ? ClusterSettings.Mode.IPVS
                  : ClusterSettings.Mode.IPTABLES;
          default -> settings.mode();
        };
    assertThat(before.hasLink(SeedChecks.LINK))
        .as("%s already has a %s link before the install", node, SeedChecks.LINK)
        .isFalse();
    cli =
        new InstallerCli(
            InstallerCli.currentJava(),
            settings.installerJar(),
            cluster.kubeconfig(),
            settings.context(),
            type,
            mode);
    progress(
        "cluster type "
            + type
            + ", node-local-dns mode "
            + mode.cliName()
            + (settings.mode() == ClusterSettings.Mode.AUTO
                ? " (kube-ipvs0 " + (before.hasLink("kube-ipvs0") ? "present" : "absent") + ")"
                : " (-D" + ClusterSettings.MODE + ")")
            + ", image "
            + settings.image());
  }

  /** Each test says why it is skipped (a class-level abort would show no test at all). */
  @BeforeEach
  void skipWithoutACluster() {
    assumeTrue(skipReason == null, skipReason);
  }

  /** The cluster, or empty with {@link #skipReason} saying what is missing and how to get it. */
  private Optional<ClusterProbe.Reachable> findCluster() {
    if (!settings.enabled()) {
      return skip(
          "cluster e2e skipped: it runs only with the Maven profile cluster-e2e "
              + "(./mvnw -B -Pcluster-e2e -pl e2e verify; docs/e2e.md, \"The cluster e2e\")");
    }
    if (!Files.isRegularFile(settings.installerJar())) {
      return skip(
          "cluster e2e skipped: installer jar not built: "
              + settings.installerJar()
              + " is missing (./mvnw -B -pl installer -am package -DskipTests)");
    }
    return switch (ClusterProbe.probe(settings.context())) {
      case ClusterProbe.Unreachable unreachable -> skip(unreachable.skipMessage());
      case ClusterProbe.Reachable reachable -> Optional.of(reachable);
    };
  }

  private Optional<ClusterProbe.Reachable> skip(String reason) {
    skipReason = reason;
    System.out.println(reason);
    return Optional.empty();
  }

  @Test
  @Order(1)
  void installsWithTheInstallerInTheModeOfTheNodes() {
    installAttempted = true;
    InstallerCli.run(
            cli.install(settings.image(), settings.installerTimeout()), INSTALLER_BOUND_MINUTES)
        .check();

    DaemonSet ds = daemonSet();
    assertThat(ds.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .as("the agent's flags")
        .containsSequence("--mode", mode.cliName());
    awaitRollout(Set.of());
    installed = true;
  }

  @Test
  @Order(2)
  void podNamesResolveThroughTheCacheAndItsNodesAgentCountsThem() {
    assumeInstalled();
    String server = mode == ClusterSettings.Mode.IPTABLES ? kubeDnsIp : LOCAL_IP;
    AgentMetrics.Counters before = AgentMetrics.Counters.of(metrics.scrape(node), server);

    QueryLog log = runQueries("resolve", podNameserver(), REPEATS);

    assertThat(log.failures()).as("failed lookups").isEmpty();
    assertThat(log.ok()).isEqualTo(names().size() * REPEATS);
    assertThat(log.nameservers()).as("the pod's resolv.conf").containsExactly(server);
    AgentMetrics.Counters delta =
        AgentMetrics.Counters.of(metrics.scrape(node), server).minus(before);
    progress(
        "agent on "
            + node
            + ", server dns://"
            + server
            + ":53: +"
            + (long) delta.requests()
            + " requests, +"
            + (long) delta.hits()
            + " cache hits");
    assertThat(delta.requests())
        .as("%s{server=dns://%s:53} on %s", AgentMetrics.REQUESTS, server, node)
        .isGreaterThanOrEqualTo(names().size() * REPEATS);
    assertThat(delta.hits())
        .as("%s{server=dns://%s:53} on %s (repeats)", AgentMetrics.HITS, server, node)
        .isGreaterThanOrEqualTo(REPEATS - 1);

    if (mode == ClusterSettings.Mode.IPVS && cli.clusterType().equals("kind")) {
      // the installer changed kubelet's clusterDNS on Kind: a new ClusterFirst pod uses the cache
      QueryLog clusterFirst = runQueries("cluster-first", Optional.empty(), 1);
      assertThat(clusterFirst.nameservers()).containsExactly(LOCAL_IP);
      assertThat(clusterFirst.failures()).isEmpty();
    }
  }

  @Test
  @Order(3)
  void theSeedsPerNodeChecksHold() {
    assumeInstalled();
    NodeView view = nodeView("installed, " + mode.cliName() + " mode");

    assertThat(SeedChecks.whileInstalled(view, mode, LOCAL_IP, kubeDnsIp))
        .as("the seed's checks on %s:\n%s", node, view.text())
        .isEmpty();
  }

  @Test
  @Order(4)
  void aRollingUpgradeFailsNoQueryOfAPodResolvingInALoop() {
    assumeInstalled();
    Pod loop =
        TestPods.query(
            namespace,
            podName("loop"),
            node,
            settings.testImage(),
            new QueryScript(names(), 5_000, Duration.ofMillis(200)).text(),
            podNameserver(),
            settings.clusterDomain());
    pods.start(loop);
    try {
      pods.awaitLog(loop, l -> QueryLog.parse(l).ok() >= 10, "10 answered lookups");
      Set<String> oldAgents =
          metrics.agents().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
      progress("loop resolving; upgrading the release (a changed pod annotation) …");

      InstallerCli.run(
              cli.install(
                  settings.image(),
                  settings.installerTimeout(),
                  "--set",
                  "podAnnotations.nld-e2e-upgrade=run-" + runId,
                  "--no-verify"),
              INSTALLER_BOUND_MINUTES)
          .check();
      awaitRollout(oldAgents);
      int atRolloutEnd = QueryLog.parse(pods.log(loop)).lookups();
      progress("rollout done after " + atRolloutEnd + " lookups; 20 more …");
      String text =
          pods.awaitLog(
              loop,
              l -> QueryLog.parse(l).lookups() >= atRolloutEnd + 20,
              "20 lookups after the rollout");

      QueryLog log = QueryLog.parse(text);
      progress(
          "rolling upgrade: "
              + log.lookups()
              + " lookups through the cache, "
              + log.failed()
              + " failed");
      assertThat(log.failures()).as("lookups that failed during the rolling upgrade").isEmpty();
    } finally {
      pods.delete(loop);
    }
  }

  @Test
  @Order(5)
  void uninstallRestoresTheClustersDns() {
    assumeTrue(installAttempted, "no install to undo");
    InstallerCli.run(cli.uninstall(), INSTALLER_BOUND_MINUTES).check();
    uninstalled = true;

    // the agents tear the node down as they stop
    awaitUntil(() -> metrics.agents().isEmpty(), "agent pods gone", ROLLOUT_BOUND);
    assertThat(Leftovers.find(client, RELEASE_NAMESPACE))
        .as("node-local-dns objects left")
        .isEmpty();
    NodeView view = nodeView("after the uninstall");
    assertThat(SeedChecks.afterUninstall(view, LOCAL_IP, kubeDnsIp))
        .as("left on %s:\n%s", node, view.text())
        .isEmpty();

    // a new pod as any: its resolv.conf names kube-dns again (kubelet's clusterDNS restored on
    // Kind in IPVS mode, never changed elsewhere) and names resolve without the cache
    QueryLog log = runQueries("after-uninstall", Optional.empty(), 1);
    assertThat(log.nameservers()).as("the pod's resolv.conf").containsExactly(kubeDnsIp);
    assertThat(log.failures()).as("failed lookups").isEmpty();
    assertThat(log.ok()).isEqualTo(names().size());
  }

  @AfterAll
  void cleanUp() {
    if (client == null) {
      return;
    }
    try {
      if (installAttempted && !uninstalled) {
        progress("cleaning up: uninstalling what the suite installed");
        InstallerCli.Run run = InstallerCli.run(cli.uninstall(), INSTALLER_BOUND_MINUTES);
        if (run.exit() != 0) {
          InstallerCli.run(cli.uninstall("--force"), INSTALLER_BOUND_MINUTES);
        }
      }
    } finally {
      try {
        if (namespace != null) {
          progress("deleting namespace " + namespace);
          client.namespaces().withName(namespace).delete();
        }
      } catch (KubernetesClientException e) {
        progress("could not delete namespace " + namespace + ": " + e.getMessage());
      } finally {
        client.close();
      }
    }
  }

  private List<String> names() {
    return List.of("kubernetes.default.svc." + settings.clusterDomain(), settings.externalName());
  }

  /** IPVS mode: the local IP in the pod's dnsConfig (kubelet's change only reaches new pods). */
  private Optional<String> podNameserver() {
    return mode == ClusterSettings.Mode.IPVS ? Optional.of(LOCAL_IP) : Optional.empty();
  }

  private QueryLog runQueries(String role, Optional<String> nameserver, int rounds) {
    Pod pod =
        TestPods.query(
            namespace,
            podName(role),
            node,
            settings.testImage(),
            new QueryScript(names(), rounds, Duration.ZERO).text(),
            nameserver,
            settings.clusterDomain());
    PodRuns.Ended ended = pods.run(pod);
    progress("pod " + pod.getMetadata().getName() + " (" + ended.phase() + "):\n" + ended.log());
    assertThat(ended.succeeded())
        .as("pod %s: %s", pod.getMetadata().getName(), ended.log())
        .isTrue();
    QueryLog log = QueryLog.parse(ended.log());
    assertThat(log.done()).as("the script finished").isTrue();
    return log;
  }

  private NodeView nodeView(String when) {
    Pod pod =
        TestPods.debug(namespace, podName("debug"), node, settings.debugImage(), NodeView.script());
    PodRuns.Ended ended = pods.run(pod);
    assertThat(ended.succeeded()).as("debug pod on %s: %s", node, ended.log()).isTrue();
    NodeView view = NodeView.parse(node, ended.log());
    progress("---- the seed's checks on " + node + " (" + when + ") ----\n" + view.text());
    return view;
  }

  private DaemonSet daemonSet() {
    return client
        .apps()
        .daemonSets()
        .inNamespace(RELEASE_NAMESPACE)
        .withName(Leftovers.RELEASE)
        .get();
  }

  private void awaitRollout(Set<String> oldAgents) {
    String[] last = {""};
    awaitUntil(
        () -> {
          Optional<String> pending = Rollout.pending(daemonSet(), metrics.agents(), oldAgents);
          pending
              .filter(p -> !p.equals(last[0]))
              .ifPresent(
                  p -> {
                    last[0] = p;
                    progress("rollout: " + p);
                  });
          return pending.isEmpty();
        },
        "the DaemonSet rolled out",
        ROLLOUT_BOUND);
  }

  private void awaitUntil(java.util.function.BooleanSupplier done, String what, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private void assumeInstalled() {
    assumeTrue(installed, "skipped: the install did not succeed (see the first test)");
  }

  private String podName(String role) {
    return "nld-" + role + "-" + runId + "-" + (++podCount);
  }

  private static void progress(String message) {
    System.out.println("cluster e2e: " + message);
  }
}
