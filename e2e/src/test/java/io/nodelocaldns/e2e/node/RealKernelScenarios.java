package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.opentest4j.TestAbortedException;

/**
 * The real-kernel scenarios of issue 10, run inside the VM (a kernel with {@code dummy} links, IPVS
 * and both iptables backends) by {@code io.nodelocaldns.e2e.vm.RealKernelIT}: {@code java -cp <test
 * class path> io.nodelocaldns.e2e.node.RealKernelScenarios <scenario>}. Each builds its {@link
 * SimulatedNode}, runs the real agent jar in it and checks with AssertJ; the exit code says how it
 * went: 0 passed, 1 failed (the assertion and the agents' logs are printed), {@value #EXIT_SKIPPED}
 * skipped (a JUnit assumption failed, e.g. a tool missing in the guest).
 */
public final class RealKernelScenarios {
  public static final int EXIT_PASSED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_SKIPPED = 77;

  /** One scenario per name, as {@code RealKernelIT} asks for it. */
  public enum Scenario {
    IPVS_MODE(RealKernelScenarios::ipvsModeAsUsersInstallIt);

    private final Consumer<RealKernelScenarios> body;

    Scenario(Consumer<RealKernelScenarios> body) {
      this.body = body;
    }

    /** The command-line word, e.g. {@code ipvs-mode}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Scenario of(String word) {
      return Arrays.stream(values())
          .filter(s -> s.word().equals(word))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "unknown scenario " + word + "; one of " + Arrays.toString(values())));
    }
  }

  /** The kernel refreshes IPVS counters every 2 s; this only keeps a broken run from hanging. */
  private static final Duration IPVS_STATS_BOUND = Duration.ofSeconds(30);

  private final List<AgentProcess> agents = new ArrayList<>();

  private RealKernelScenarios() {}

  public static void main(String[] args) {
    System.exit(run(Scenario.of(args[0])));
  }

  static int run(Scenario scenario) {
    RealKernelScenarios scenarios = new RealKernelScenarios();
    int exit;
    try {
      Preconditions.assumeSimulatedNodePossible();
      scenario.body.accept(scenarios);
      System.out.println("scenario " + scenario.word() + ": passed");
      exit = EXIT_PASSED;
    } catch (TestAbortedException e) {
      System.out.println("scenario " + scenario.word() + ": skipped: " + e.getMessage());
      exit = EXIT_SKIPPED;
    } catch (Throwable t) {
      System.out.println("scenario " + scenario.word() + ": FAILED");
      t.printStackTrace(System.out);
      exit = EXIT_FAILED;
    } finally {
      scenarios.closeAgents();
    }
    System.out.flush();
    return exit;
  }

  private AgentProcess start(SimulatedNode node, AgentOptions options) {
    AgentProcess agent = AgentProcess.start(node, options);
    agents.add(agent);
    return agent;
  }

  private void closeAgents() {
    for (AgentProcess agent : List.copyOf(agents)) {
      agents.remove(agent);
      agent.close();
      System.out.println(
          Commands.run(List.of("ls", "-la", agent.logFile().getParent().toString())));
      System.out.println(
          "---- agent pid " + agent.pid() + " log (" + agent.logFile() + ") ----\n" + agent.log());
    }
  }

  // 1. IPVS mode, as users install it

  /**
   * kube-proxy in IPVS mode; the agent with the official IPVS {@code sed}'s Corefile, {@code
   * -localip 169.254.20.10}, no {@code --mode} and no {@code --link-type}.
   */
  void ipvsModeAsUsersInstallIt() {
    onNode(KubeProxy.IPVS, this::ipvsModeAsUsersInstallIt);
  }

  private void ipvsModeAsUsersInstallIt(SimulatedNode node) {
    {
      NodeChecks checks = new NodeChecks(node);
      IpvsSnapshot ipvsBefore = IpvsSnapshot.of(node);
      NodeListings before = NodeListings.of(node);
      AgentOptions options =
          AgentOptions.ipvsMode()
              .withBaseCorefile(
                  ManifestCorefile.ipvsModeOfficial(LOCAL_DNS, CLUSTER_DOMAIN, KUBE_DNS))
              .withoutMode()
              .withoutLinkType();
      step("node built; starting the agent");
      AgentProcess agent = start(node, options).awaitReady();
      step("agent ready");

      // a real dummy link holding the link-local address only; rules for it only
      assertThat(node.inNode("ip", "-d", "link", "show", LINK).check().stdout())
          .as("ip -d link show " + LINK)
          .contains("dummy");
      assertThat(agent.linkAddresses()).containsExactly(LOCAL_DNS + "/32");
      checks.assertSeedListings(List.of(LOCAL_DNS));
      NodeListings listings = NodeListings.of(node);
      for (String clusterIp : List.of(KUBE_DNS, KUBE_DNS_UPSTREAM)) {
        assertThat(SeedRules.mentions(clusterIp, listings.rawRules()))
            .as("raw rules naming %s:\n%s", clusterIp, listings.raw())
            .isFalse();
        assertThat(SeedRules.mentions(clusterIp, listings.filterRules()))
            .as("filter rules naming %s:\n%s", clusterIp, listings.filter())
            .isFalse();
      }
      assertThat(agent.log()).contains("mode ipvs");
      assertThat(occurrences(agent.log(), "dropped " + ManifestCorefile.DNS_SERVER))
          .as("the dropped placeholder is logged once:\n%s", agent.log())
          .isEqualTo(1);
      assertThat(agent.writtenCorefile()).doesNotContain("__PILLAR__");

      // a pod asking the link-local address: answered; CoreDNS sees the miss over TCP only, and
      // it came through IPVS's TCP service of kube-dns
      node.coreDns().resetStats();
      node.nodeResolver().resetStats();
      node.inNode("ipvsadm", "-Z").check();
      node.inNode("conntrack", "-F").check();
      assertThat(checks.podDig(LOCAL_DNS, WEB_NAME).addresses()).containsExactly(WEB_IP);
      for (int i = 0; i < NodeChecks.REPEATS; i++) {
        assertThat(checks.podDig(LOCAL_DNS, WEB_NAME).addresses()).containsExactly(WEB_IP);
      }
      assertThat(checks.podDig(LOCAL_DNS, WEB_NAME, "+tcp").addresses()).containsExactly(WEB_IP);
      UnboundStats coreDns = node.coreDns().stats();
      assertThat(coreDns.tcpQueries()).as("CoreDNS stand-in: %s", coreDns).isEqualTo(1);
      assertThat(coreDns.udpQueries()).as("CoreDNS stand-in: %s", coreDns).isZero();
      IpvsStats ipvs = awaitIpvsPackets(node, "TCP", KUBE_DNS);
      assertThat(ipvs.inPackets("UDP", KUBE_DNS, DNS_PORT)).as("%s", ipvs).isZero();

      // no conntrack entry for the link-local address (NOTRACK), nor for the pod's queries
      List<ConntrackListing.Flow> flows =
          ConntrackListing.parse(node.inNode("conntrack", "-L").check().stdout());
      assertThat(flows)
          .as("conntrack in the node")
          .noneMatch(f -> NodeChecks.isQueryToBoundAddress(f, java.util.Set.of(LOCAL_DNS)))
          .noneMatch(f -> f.source().equals(POD_IP) && f.dport().equals(String.valueOf(DNS_PORT)));

      // external names: the node's resolver
      assertThat(checks.podDig(LOCAL_DNS, EXTERNAL_NAME).addresses())
          .containsExactly(EXTERNAL_IP_FROM_NODE_RESOLVER);
      assertThat(node.nodeResolver().stats().queries()).isGreaterThanOrEqualTo(1);

      // the ClusterIP still answers, through kube-proxy: IPVS's UDP service, CoreDNS over UDP
      node.coreDns().resetStats();
      node.inNode("ipvsadm", "-Z").check();
      assertThat(checks.podDig(KUBE_DNS, KUBERNETES_NAME).addresses())
          .containsExactly(KUBERNETES_IP);
      assertThat(node.coreDns().stats().udpQueries()).isEqualTo(1);
      awaitIpvsPackets(node, "UDP", KUBE_DNS);
      printChecks(node);

      step("SIGTERM");
      // SIGTERM: our link and rules go; kube-ipvs0 and the IPVS services stay exactly as they were
      assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();
      assertThat(IpvsSnapshot.of(node)).isEqualTo(ipvsBefore);
      assertThat(NodeListings.of(node)).isEqualTo(before);
    }
  }

  // helpers

  /**
   * Builds a node, runs {@code body} on it, then stops its agents (printing their logs, which live
   * in the node's directory) before the node goes.
   */
  private void onNode(KubeProxy kubeProxy, Consumer<SimulatedNode> body) {
    step("building a node, kube-proxy " + kubeProxy);
    try (SimulatedNode node = SimulatedNode.create(kubeProxy)) {
      try {
        body.accept(node);
      } finally {
        closeAgents();
      }
    }
  }

  /**
   * What kube-proxy owns in IPVS mode: its virtual services as {@code ipvsadm -Sn} saves them (the
   * configuration; {@code -Ln} also counts connections, which change with traffic) and {@code ip
   * addr show kube-ipvs0}.
   */
  record IpvsSnapshot(String services, String kubeIpvs) {
    static IpvsSnapshot of(SimulatedNode node) {
      return new IpvsSnapshot(
          node.inNode("ipvsadm", "-Sn").check().stdout(),
          node.inNode("ip", "addr", "show", KubeProxy.KUBE_IPVS_LINK).check().stdout());
    }
  }

  /**
   * The IPVS counters once the virtual service {@code protocol} {@code clusterIp}:53 has received
   * packets. The kernel sums its per-CPU counters for {@code ipvsadm} only every 2 s (the rate
   * estimator), so a fresh packet shows up within that; the bound only stops a hang.
   */
  private static IpvsStats awaitIpvsPackets(SimulatedNode node, String protocol, String clusterIp) {
    AtomicReference<IpvsStats> seen = new AtomicReference<>();
    await("IPVS " + protocol + " " + clusterIp + " packets")
        .atMost(IPVS_STATS_BOUND)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              seen.set(
                  IpvsStats.parse(
                      node.inNode("ipvsadm", "-Ln", "--stats", "--exact").check().stdout()));
              return seen.get().inPackets(protocol, clusterIp, DNS_PORT) > 0;
            });
    return seen.get();
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  /** A progress line in the guest's console (the host prefixes it with the time since boot). */
  private static void step(String what) {
    System.out.println("scenario step: " + what);
  }

  /** What a person checks on such a node, kept in the log as evidence. */
  private static void printChecks(SimulatedNode node) {
    new NodeChecks(node).printSeedChecks();
    StringBuilder out = new StringBuilder();
    for (List<String> check :
        List.of(
            List.of("ip", "-d", "link", "show", LINK),
            List.of("ip", "addr", "show", KubeProxy.KUBE_IPVS_LINK),
            List.of("ipvsadm", "-Ln", "--stats"),
            List.of("nft", "list", "ruleset"))) {
      if (check.get(0).equals("ip")
          && check.contains(KubeProxy.KUBE_IPVS_LINK)
          && node.kubeProxy() != KubeProxy.IPVS) {
        continue;
      }
      Commands.Result result = node.inNode(check.toArray(String[]::new));
      out.append("# ").append(String.join(" ", check)).append('\n');
      out.append(result.stdout()).append(result.stderr());
    }
    System.out.println(out);
  }
}
