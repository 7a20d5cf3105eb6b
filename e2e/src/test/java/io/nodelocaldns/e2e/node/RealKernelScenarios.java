package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.opentest4j.TestAbortedException;

/**
 * The scenarios that need a real kernel, run inside the VM (a kernel with {@code dummy} links, IPVS
 * and both iptables backends) by {@code io.nodelocaldns.e2e.vm.RealKernelIT}: {@code java -cp <test
 * class path> io.nodelocaldns.e2e.node.RealKernelScenarios <scenario>...}, all in one VM boot and
 * one JVM, in order. Each builds its {@link SimulatedNode} (the two IPVS scenarios share one, each
 * checking it leaves it as found), runs the real agent jar in it and checks with AssertJ; each
 * scenario's outcome is printed as {@value #RESULT_MARKER} {@code <word> <code>}: 0 passed, 1
 * failed (the assertion and the agents' logs are printed), {@value #EXIT_SKIPPED} skipped (a JUnit
 * assumption failed, e.g. a tool missing in the guest).
 */
public final class RealKernelScenarios {
  public static final int EXIT_PASSED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_SKIPPED = 77;

  /** One scenario per name, as {@code RealKernelIT} asks for it. */
  public enum Scenario {
    IPVS_MODE(RealKernelScenarios::ipvsModeAsUsersInstallIt),
    WRONG_MODE_ON_IPVS_NODE(RealKernelScenarios::wrongModeOnAnIpvsNode),
    IPTABLES_LEGACY(RealKernelScenarios::iptablesModeOnALegacyNode),
    IPTABLES_NFT(RealKernelScenarios::iptablesModeOnAnNftNode),
    NFTABLES_KUBE_PROXY(RealKernelScenarios::iptablesModeWithKubeProxyInNftablesMode),
    DUAL_STACK_IPTABLES(RealKernelScenarios::dualStackIptablesMode);

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
  private static final Duration IPVS_STATS_BOUND = Timeouts.scaled(Duration.ofSeconds(30));

  private final List<AgentProcess> agents = new ArrayList<>();

  /**
   * The line the driver prints after each scenario, {@code NLD-SCENARIO-RESULT <word> <exit code>},
   * from which {@code RealKernelIT} takes each scenario's outcome.
   */
  public static final String RESULT_MARKER = "NLD-SCENARIO-RESULT";

  /**
   * A directory whose {@code *.log} files are the agents' {@code -Xlog:cds} logs (set by {@code
   * RealKernelIT} with its class-data sharing flags); their summary lines are printed at the end,
   * to show that the agents used the archive.
   */
  static final String CDS_LOG_DIR_PROPERTY = "nld.agent.cds.log.dir";

  /**
   * The node kept between two scenarios on the same kind of node that each leave it exactly as they
   * found it (and check that they did); null when there is none.
   */
  private SimulatedNode keptNode;

  private RealKernelScenarios() {}

  /**
   * Runs the named scenarios in order in this one JVM (one VM boot for all), printing {@value
   * #RESULT_MARKER} {@code <word> <exit code>} after each; exits 0 if all passed, 1 if any failed,
   * else {@value #EXIT_SKIPPED}.
   */
  public static void main(String[] args) {
    RealKernelScenarios scenarios = new RealKernelScenarios();
    boolean failed = false;
    boolean skipped = false;
    try {
      for (String word : args) {
        Scenario scenario = Scenario.of(word);
        long started = System.nanoTime();
        int exit = scenarios.run(scenario);
        System.out.printf(
            "scenario %s took %d s%n%s %s %d%n",
            scenario.word(),
            Duration.ofNanos(System.nanoTime() - started).toSeconds(),
            RESULT_MARKER,
            scenario.word(),
            exit);
        System.out.flush();
        failed |= exit == EXIT_FAILED;
        skipped |= exit == EXIT_SKIPPED;
      }
    } finally {
      scenarios.dropKeptNode();
      printCdsSummary();
    }
    System.exit(failed ? EXIT_FAILED : skipped ? EXIT_SKIPPED : EXIT_PASSED);
  }

  private int run(Scenario scenario) {
    int exit;
    try {
      Preconditions.assumeSimulatedNodePossible();
      scenario.body.accept(this);
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
      closeAgents();
    }
    if (exit != EXIT_PASSED) {
      // a node a scenario did not finish with is not handed on
      dropKeptNode();
    }
    System.out.flush();
    return exit;
  }

  /** The summary lines of the agents' class-data sharing logs, if there are any. */
  private static void printCdsSummary() {
    String dir = System.getProperty(CDS_LOG_DIR_PROPERTY, "");
    if (dir.isEmpty()) {
      return;
    }
    try (java.util.stream.Stream<java.nio.file.Path> logs =
        java.nio.file.Files.list(java.nio.file.Path.of(dir))) {
      for (java.nio.file.Path log :
          logs.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
        int skipped = 0;
        for (String line : java.nio.file.Files.readAllLines(log)) {
          if (line.contains("][cds] Skipping ")) {
            skipped++; // a class left out of the archive being dumped (JFR events, proxies)
          } else if (line.contains("Opened shared archive file")
              || line.contains("Dumping shared data")
              || line.contains("Number of classes")
              || line.contains("[warning]")
              || line.contains("[error]")) {
            System.out.println("cds " + log.getFileName() + ": " + line);
          }
        }
        if (skipped > 0) {
          System.out.println(
              "cds " + log.getFileName() + ": " + skipped + " classes skipped by the dump");
        }
      }
    } catch (java.io.IOException e) {
      System.out.println("cds logs unreadable in " + dir + ": " + e);
    }
  }

  private AgentProcess start(SimulatedNode node, AgentOptions options) {
    AgentProcess agent = AgentProcess.start(node, options);
    agents.add(agent);
    return agent;
  }

  private void closeAgents() {
    for (AgentProcess agent : List.copyOf(agents)) {
      agents.remove(agent);
      agent.close(); // prints its log
    }
  }

  // 1. IPVS mode, as users install it

  /**
   * kube-proxy in IPVS mode; the agent with the official IPVS {@code sed}'s Corefile, {@code
   * -localip 169.254.20.10}, no {@code --mode} and no {@code --link-type}.
   */
  void ipvsModeAsUsersInstallIt() {
    onSharedNode(KubeProxy.IPVS, this::ipvsModeAsUsersInstallIt);
  }

  private void ipvsModeAsUsersInstallIt(SimulatedNode node) {
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
    assertThat(checks.podDig(KUBE_DNS, KUBERNETES_NAME).addresses()).containsExactly(KUBERNETES_IP);
    assertThat(node.coreDns().stats().udpQueries()).isEqualTo(1);
    awaitIpvsPackets(node, "UDP", KUBE_DNS);
    printChecks(node);

    step("SIGTERM");
    // SIGTERM: our link and rules go; kube-ipvs0 and the IPVS services stay exactly as they were
    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();
    assertThat(IpvsSnapshot.of(node)).isEqualTo(ipvsBefore);
    assertThat(NodeListings.of(node)).isEqualTo(before);
  }

  // 2. Wrong mode on an IPVS node

  void wrongModeOnAnIpvsNode() {
    onSharedNode(KubeProxy.IPVS, this::wrongModeOnAnIpvsNode);
  }

  /**
   * The iptables instructions' flags and Corefile on an IPVS node: refused with {@code --mode
   * iptables}; with {@code auto}, IPVS mode on the link-local address and a warning.
   */
  private void wrongModeOnAnIpvsNode(SimulatedNode node) {
    NodeChecks checks = new NodeChecks(node);
    IpvsSnapshot ipvsBefore = IpvsSnapshot.of(node);
    NodeListings before = NodeListings.of(node);
    AgentOptions iptablesFlags = AgentOptions.iptablesMode().withoutLinkType();

    step("--mode iptables -localip " + LOCAL_DNS + "," + KUBE_DNS);
    AgentProcess refused = start(node, iptablesFlags);
    assertThat(refused.awaitExit()).as("exit code; log:\n%s", refused.log()).isNotZero();
    assertThat(refused.log())
        .as("the refusal")
        .contains(KUBE_DNS + " is already on " + KubeProxy.KUBE_IPVS_LINK)
        .contains("--mode ipvs");
    assertThat(NodeListings.of(node)).as("the node after the refusal").isEqualTo(before);
    assertThat(IpvsSnapshot.of(node)).isEqualTo(ipvsBefore);

    step("--mode auto (not passed) -localip " + LOCAL_DNS + "," + KUBE_DNS);
    AgentProcess auto = start(node, iptablesFlags.withoutMode()).awaitReady(List.of(LOCAL_DNS));
    assertThat(auto.log())
        .contains("mode ipvs")
        .contains("--mode auto: " + KUBE_DNS + " from -localip is on " + KubeProxy.KUBE_IPVS_LINK)
        .contains("clusterDNS")
        .contains("--cluster-dns=" + LOCAL_DNS);
    assertThat(node.inNode("ip", "-d", "link", "show", LINK).check().stdout()).contains("dummy");
    assertThat(auto.linkAddresses()).containsExactly(LOCAL_DNS + "/32");
    checks.assertSeedListings(List.of(LOCAL_DNS));
    NodeListings listings = NodeListings.of(node);
    assertThat(SeedRules.mentions(KUBE_DNS, listings.rawRules())).as(listings.raw()).isFalse();
    assertThat(SeedRules.mentions(KUBE_DNS, listings.filterRules()))
        .as(listings.filter())
        .isFalse();
    assertThat(auto.writtenCorefile().lines().filter(l -> l.strip().startsWith("bind ")))
        .as("bind lines of the Corefile the agent wrote")
        .allMatch(l -> l.strip().equals("bind " + LOCAL_DNS));
    assertThat(node.inNode("ss", "-lnu").check().stdout())
        .as("UDP listeners in the node")
        .contains(LOCAL_DNS)
        .doesNotContain(KUBE_DNS);

    node.coreDns().resetStats();
    assertThat(checks.podDig(LOCAL_DNS, WEB_NAME).addresses()).containsExactly(WEB_IP);
    UnboundStats viaAgent = node.coreDns().stats();
    assertThat(viaAgent.tcpQueries()).as("%s", viaAgent).isEqualTo(1);
    assertThat(viaAgent.udpQueries()).as("%s", viaAgent).isZero();
    // the ClusterIP stays kube-proxy's: through IPVS to CoreDNS, over UDP
    node.coreDns().resetStats();
    assertThat(checks.podDig(KUBE_DNS, KUBERNETES_NAME).addresses()).containsExactly(KUBERNETES_IP);
    assertThat(node.coreDns().stats().udpQueries()).isEqualTo(1);
    printChecks(node);

    step("SIGTERM");
    assertThat(auto.terminate()).as("exit code on SIGTERM").isZero();
    assertThat(IpvsSnapshot.of(node)).isEqualTo(ipvsBefore);
    assertThat(NodeListings.of(node)).isEqualTo(before);
  }

  // 3. iptables mode on a real kernel, in the node's backend

  /** kube-proxy's rules in iptables-legacy; then a node with them in both backends. */
  void iptablesModeOnALegacyNode() {
    onNode(
        KubeProxy.IPTABLES_LEGACY,
        node -> {
          iptablesModeInTheNodesBackend(node, "iptables-nft");
          bothBackendsIsAnError(node);
        });
  }

  /** kube-proxy's rules in iptables-nft. */
  void iptablesModeOnAnNftNode() {
    onNode(KubeProxy.IPTABLES_NFT, node -> iptablesModeInTheNodesBackend(node, "iptables-legacy"));
  }

  /**
   * The namespace e2e's iptables scenario with a real dummy link; our rules only in the backend
   * kube-proxy uses, none in {@code otherIptables}; SIGTERM leaves the node as it was.
   */
  private void iptablesModeInTheNodesBackend(SimulatedNode node, String otherIptables) {
    NodeListings before = NodeListings.of(node);
    BackendListing otherBefore = BackendListing.of(node, otherIptables);
    step("--mode iptables, kube-proxy's rules in " + node.iptables());
    AgentProcess agent = start(node, AgentOptions.iptablesMode().withoutLinkType()).awaitReady();

    assertThat(node.inNode("ip", "-d", "link", "show", LINK).check().stdout()).contains("dummy");
    assertThat(agent.linkAddresses())
        .containsExactlyInAnyOrder(LOCAL_DNS + "/32", KUBE_DNS + "/32");
    new NodeChecks(node).iptablesModeAnswersUntrackedCachedAndForwardsExternalNames();
    BackendListing other = BackendListing.of(node, otherIptables);
    assertThat(other.text())
        .as("%s holds none of our rules", otherIptables)
        .doesNotContain(SeedRules.COMMENT_MARK)
        .doesNotContain(LOCAL_DNS);
    assertThat(other).isEqualTo(otherBefore);
    printChecks(node);

    step("SIGTERM");
    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();
    assertThat(NodeListings.of(node)).isEqualTo(before);
    assertThat(BackendListing.of(node, otherIptables)).isEqualTo(otherBefore);
  }

  /** kube-proxy chains in iptables-nft too: the agent refuses, naming both, node untouched. */
  private void bothBackendsIsAnError(SimulatedNode node) {
    node.inNode("iptables-nft", "-t", "nat", "-N", "KUBE-SERVICES").check();
    node.inNode("iptables-nft", "-t", "nat", "-A", "PREROUTING", "-j", "KUBE-SERVICES").check();
    NodeListings before = NodeListings.of(node);
    BackendListing nftBefore = BackendListing.of(node, "iptables-nft");
    step("kube-proxy's chains in both backends");
    AgentProcess agent = start(node, AgentOptions.iptablesMode().withoutLinkType());

    assertThat(agent.awaitExit()).as("exit code; log:\n%s", agent.log()).isNotZero();
    assertThat(agent.log()).contains("iptables-legacy").contains("iptables-nft");
    assertThat(NodeListings.of(node)).isEqualTo(before);
    assertThat(BackendListing.of(node, "iptables-nft")).isEqualTo(nftBefore);
  }

  // 4. kube-proxy in nftables mode

  void iptablesModeWithKubeProxyInNftablesMode() {
    onNode(KubeProxy.NFTABLES, this::iptablesModeWithKubeProxyInNftablesMode);
  }

  /**
   * The ClusterIP DNATed by kube-proxy's nftables table; the agent in iptables mode answers pods
   * querying it; the queries are neither tracked nor DNATed (NOTRACK in raw, priority -300, runs
   * before the dstnat chains, -100, and untracked packets skip NAT); CoreDNS sees TCP only.
   */
  private void iptablesModeWithKubeProxyInNftablesMode(SimulatedNode node) {
    NodeListings before = NodeListings.of(node);
    String kubeProxyBefore = kubeProxyTable(node, "-s");
    step("--mode iptables, kube-proxy in nftables mode");
    AgentProcess agent = start(node, AgentOptions.iptablesMode().withoutLinkType()).awaitReady();

    NftCounters dnatBefore = NftCounters.parse(kubeProxyTable(node));
    new NodeChecks(node).iptablesModeAnswersUntrackedCachedAndForwardsExternalNames();
    NftCounters dnatAfter = NftCounters.parse(kubeProxyTable(node));
    for (String protocol : List.of("udp", "tcp")) {
      assertThat(dnatAfter.packets(KUBE_DNS, protocol))
          .as("kube-proxy's %s DNAT of %s: the pod's queries bypass it", protocol, KUBE_DNS)
          .isEqualTo(dnatBefore.packets(KUBE_DNS, protocol));
    }
    assertThat(dnatAfter.packets(KUBE_DNS_UPSTREAM, "tcp"))
        .as("the agent reaches CoreDNS through kube-proxy's DNAT of kube-dns-upstream, over TCP")
        .isGreaterThan(0);
    assertThat(dnatAfter.packets(KUBE_DNS_UPSTREAM, "udp")).isZero();
    printChecks(node);

    step("SIGTERM");
    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();
    assertThat(NodeListings.of(node)).isEqualTo(before);
    assertThat(kubeProxyTable(node, "-s")).isEqualTo(kubeProxyBefore);
  }

  // 5. Dual-stack, iptables mode, on a real dummy link with DAD on

  /**
   * A dual-stack node (kube-proxy's DNAT in iptables and ip6tables) and the agent in iptables mode
   * with {@code -localip 169.254.20.10,10.96.0.10,fd00::10,fd00:10:96::a} on its default {@code
   * dummy} link, the node's IPv6 DAD settings as the kernel's defaults have them: the IPv6
   * addresses are added {@code nodad} (a DOWN link's tentative address would never become
   * bindable), a pod's A and AAAA over UDP and TCP through all four are answered by the cache,
   * untracked; the agent puts back a flushed ip6tables raw table and a deleted IPv6 ClusterIP;
   * SIGTERM leaves both families' listings as they were and the IPv6 ClusterIP reaches CoreDNS
   * through kube-proxy's DNAT again.
   */
  void dualStackIptablesMode() {
    onNode(KubeProxy.IPTABLES, IpStack.DUAL, this::dualStackIptablesMode);
  }

  private void dualStackIptablesMode(SimulatedNode node) {
    List<String> four = List.of(LOCAL_DNS, KUBE_DNS, LOCAL_DNS6, KUBE_DNS6);
    DualStackChecks checks = new DualStackChecks(node);
    // DAD on, as the kernel has it by default: what the agent's addresses meet on a real node
    for (String sysctl :
        List.of("net.ipv6.conf.all.accept_dad", "net.ipv6.conf.default.accept_dad")) {
      String value = node.inNode("sysctl", "-n", sysctl).check().stdout().strip();
      System.out.println("node " + sysctl + " = " + value);
      if (sysctl.endsWith("default.accept_dad")) {
        assertThat(Integer.parseInt(value)).as(sysctl).isPositive();
      }
    }
    printDadOnDownLinks(node);
    NodeListings before = NodeListings.of(node);
    Ip6Listings before6 = Ip6Listings.of(node);
    step("--mode iptables -localip " + String.join(",", four) + ", dummy link");
    AgentProcess agent =
        start(node, AgentOptions.dualStackIptablesMode().withoutLinkType()).awaitReady();
    step("agent ready");

    assertThat(node.inNode("ip", "-d", "link", "show", LINK).check().stdout()).contains("dummy");
    checks.assertSetUpFor(four);
    checks.everyWayAnsweredByTheCache(
        List.of(KUBE_DNS, KUBE_DNS6, LOCAL_DNS, LOCAL_DNS6), Set.copyOf(four));
    checks.print();

    step("reconcile");
    checks.reconcilesIp6RawFlushAndDeletedIpv6ClusterIp(agent, four);

    step("SIGTERM");
    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();
    assertThat(NodeListings.of(node)).isEqualTo(before);
    assertThat(Ip6Listings.of(node)).isEqualTo(before6);
    checks.ipv6ClusterIpReachesCoreDnsThroughKubeProxy(KUBERNETES_NAME);
  }

  /**
   * Evidence, not an assertion: what this kernel's DAD does to an IPv6 address added without {@code
   * nodad} on a DOWN link of each type the agent can make (a dummy is NOARP, for which the kernel
   * skips DAD; a bridge is not); the scratch links go again before the agent starts.
   */
  private static void printDadOnDownLinks(SimulatedNode node) {
    List<String> types = List.of("dummy", "bridge");
    for (String type : types) {
      node.inNode("ip", "link", "add", "nld-dad-" + type, "type", type).check();
      node.inNode(
              "ip",
              "-6",
              "addr",
              "add",
              "fd00:ffff::" + (types.indexOf(type) + 1) + "/128",
              "dev",
              "nld-dad-" + type)
          .check();
    }
    try {
      Thread.sleep(2_000); // DAD's work runs at once; whatever it does is done by then
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (String type : types) {
      System.out.println(
          "without nodad on a DOWN "
              + type
              + ": "
              + node.inNode("ip", "-o", "-6", "addr", "show", "dev", "nld-dad-" + type)
                  .check()
                  .stdout()
                  .strip());
      node.inNode("ip", "link", "del", "nld-dad-" + type).check();
    }
  }

  // helpers

  /**
   * Builds a node, runs {@code body} on it, then stops its agents (printing their logs, which live
   * in the node's directory) before the node goes.
   */
  private void onNode(KubeProxy kubeProxy, Consumer<SimulatedNode> body) {
    onNode(kubeProxy, IpStack.IPV4, body);
  }

  private void onNode(KubeProxy kubeProxy, IpStack stack, Consumer<SimulatedNode> body) {
    dropKeptNode();
    step(
        "building a node, kube-proxy " + kubeProxy + (stack == IpStack.DUAL ? ", dual-stack" : ""));
    try (SimulatedNode node = SimulatedNode.create(kubeProxy, stack)) {
      try {
        body.accept(node);
      } finally {
        closeAgents();
      }
    }
  }

  /**
   * As {@link #onNode}, for a scenario that checks it leaves the node exactly as it found it: the
   * node is kept for the next scenario on the same kind of node (one node build fewer in the VM) if
   * this one passes; a node kept from a passed scenario is used instead of a new one.
   */
  private void onSharedNode(KubeProxy kubeProxy, Consumer<SimulatedNode> body) {
    if (keptNode != null && keptNode.kubeProxy() != kubeProxy) {
      dropKeptNode();
    }
    if (keptNode == null) {
      step("building a node, kube-proxy " + kubeProxy + " (kept for the next scenario on one)");
      keptNode = SimulatedNode.create(kubeProxy);
    } else {
      step("the node with kube-proxy " + kubeProxy + " from the previous scenario, left as found");
    }
    try {
      body.accept(keptNode);
    } finally {
      closeAgents();
    }
  }

  private void dropKeptNode() {
    if (keptNode != null) {
      SimulatedNode node = keptNode;
      keptNode = null;
      node.close();
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

  /** {@code iptables-save}-like text of one backend: its raw, filter and nat tables. */
  record BackendListing(String text) {
    static BackendListing of(SimulatedNode node, String iptables) {
      StringBuilder text = new StringBuilder();
      for (String table : List.of("raw", "filter", "nat")) {
        text.append(node.inNode(iptables, "-t", table, "-S").check().stdout());
      }
      return new BackendListing(text.toString());
    }
  }

  /** {@code nft [flags] list table ip kube-proxy}. */
  private static String kubeProxyTable(SimulatedNode node, String... flags) {
    List<String> command = new ArrayList<>(List.of("nft"));
    command.addAll(List.of(flags));
    command.addAll(List.of("list", "table", "ip", KubeProxy.NFT_TABLE));
    return node.inNode(command.toArray(String[]::new)).check().stdout();
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
