package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node agent issue's six node e2e scenarios, each on a fresh {@link SimulatedNode} with the
 * real agent jar running in the node namespace and queried with {@code dig} from the pod. Skipped,
 * with a message, without root, without a usable {@code ip netns}, or without the jar.
 */
class NodeAgentIT {
  /** Sync interval is 2 s; this bound only keeps a broken reconcile from hanging the build. */
  private static final Duration RECONCILE_BOUND = Duration.ofSeconds(30);

  private SimulatedNode node;

  @BeforeAll
  static void machine() {
    Preconditions.assumeSimulatedNodePossible();
  }

  @BeforeEach
  void buildNode() {
    // per test, not per class: each scenario is then reported skipped with the reason
    Preconditions.assumeAgentJar();
    node = SimulatedNode.create();
  }

  @AfterEach
  void tearDown() {
    if (node != null) { // null: skipped before the node was built
      node.close(); // stops its agents, printing their logs
    }
  }

  // 1. iptables mode

  @Test
  void
      iptablesMode_podQueryToClusterIpIsAnsweredByTheAgent_untracked_cached_externalNamesToNodeResolver() {
    start(AgentOptions.iptablesMode());
    checks().iptablesModeAnswersUntrackedCachedAndForwardsExternalNames();
    checks().printSeedChecks();
  }

  // 2. IPVS mode

  @Test
  void
      ipvsMode_onlyTheLinkLocalAddressIsBoundAndNotracked_clusterIpLeftToKubeProxy_podUsingLinkLocalIsAnswered() {
    AgentProcess agent = start(AgentOptions.ipvsMode());

    assertThat(agent.linkAddresses()).containsExactly(LOCAL_DNS + "/32");
    assertSeedListings(List.of(LOCAL_DNS));
    NodeListings listings = NodeListings.of(node);
    assertThat(SeedRules.mentions(KUBE_DNS, listings.rawRules()))
        .as("raw:\n%s", listings.raw())
        .isFalse();
    assertThat(SeedRules.mentions(KUBE_DNS, listings.filterRules()))
        .as("filter:\n%s", listings.filter())
        .isFalse();
    assertThat(node.inNode("ip", "route", "get", KUBE_DNS).check().stdout())
        .doesNotStartWith("local");
    assertThat(listings.nat()).contains("-A KUBE-SERVICES -d " + KUBE_DNS + "/32 -p udp");
    assertThat(agent.writtenCorefile())
        .as("the Corefile the agent wrote")
        .doesNotContain("__PILLAR__");

    node.coreDns().resetStats();
    assertThat(podDig(LOCAL_DNS, WEB_NAME).addresses()).containsExactly(WEB_IP);
    UnboundStats viaAgent = node.coreDns().stats();
    assertThat(viaAgent.tcpQueries()).as("%s", viaAgent).isEqualTo(1);
    assertThat(viaAgent.udpQueries()).as("%s", viaAgent).isZero();

    // the ClusterIP is kube-proxy's: the pod's query to it reaches CoreDNS over UDP, DNATed
    node.coreDns().resetStats();
    assertThat(podDig(KUBE_DNS, KUBERNETES_NAME).addresses()).containsExactly(KUBERNETES_IP);
    assertThat(node.coreDns().stats().udpQueries()).isEqualTo(1);
    printSeedChecks();
  }

  // 3. EKS profile

  @Test
  void eksProfile_externalNamesReachTheVpcResolver_clusterNamesReachCoreDnsOverTcp() {
    start(AgentOptions.iptablesMode().withProfile(AgentOptions.EKS));
    node.nodeResolver().resetStats();
    node.vpcResolver().resetStats();
    node.coreDns().resetStats();

    assertThat(podDig(KUBE_DNS, EXTERNAL_NAME).addresses())
        .containsExactly(EXTERNAL_IP_FROM_VPC_RESOLVER);
    assertThat(node.vpcResolver().stats().queries())
        .as("VPC resolver stand-in")
        .isGreaterThanOrEqualTo(1);
    assertThat(node.nodeResolver().stats().queries())
        .as("the node's resolv.conf resolver")
        .isZero();

    assertThat(podDig(KUBE_DNS, WEB_NAME).addresses()).containsExactly(WEB_IP);
    UnboundStats coreDns = node.coreDns().stats();
    assertThat(coreDns.tcpQueries()).as("%s", coreDns).isEqualTo(1);
    assertThat(coreDns.udpQueries()).as("%s", coreDns).isZero();
  }

  // 4. Reconcile

  @Test
  void reconcile_flushedRawTableAndDeletedAddressComeBackWithinASyncInterval() {
    AgentProcess agent = start(AgentOptions.iptablesMode());
    List<SeedRules.Expected> raw =
        SeedRules.forAddresses(List.of(LOCAL_DNS, KUBE_DNS)).stream()
            .filter(r -> r.table().equals(SeedRules.RAW))
            .toList();

    // no check that they are gone in between: the agent may already have put them back
    long flushed = System.nanoTime();
    node.inNode("iptables", "-t", "raw", "-F").check();
    await("raw rules back")
        .atMost(RECONCILE_BOUND)
        .untilAsserted(
            () -> {
              List<RuleListing.Rule> now = NodeListings.of(node).rawRules();
              assertThat(raw).allMatch(r -> SeedRules.count(r, now) == 1);
            });
    System.out.printf(
        "raw rules back %d ms after the flush (sync interval %s)%n",
        elapsedMillis(flushed), AgentProcess.SYNC_INTERVAL);

    long deleted = System.nanoTime();
    node.inNode("ip", "addr", "del", KUBE_DNS + "/32", "dev", LINK).check();
    await("address back")
        .atMost(RECONCILE_BOUND)
        .until(() -> agent.linkAddresses().contains(KUBE_DNS + "/32"));
    System.out.printf("%s/32 back %d ms after its deletion%n", KUBE_DNS, elapsedMillis(deleted));

    node.coreDns().resetStats();
    assertThat(podDig(KUBE_DNS, KUBERNETES_NAME).addresses()).containsExactly(KUBERNETES_IP);
    assertThat(node.coreDns().stats().udpQueries())
        .as("answered by the agent, not via kube-proxy")
        .isZero();
    assertSeedListings(List.of(LOCAL_DNS, KUBE_DNS));
  }

  // 5. Teardown

  @Test
  void teardown_sigtermLeavesNoRuleAddressOrLinkBehind() {
    NodeListings before = NodeListings.of(node);
    AgentProcess agent = start(AgentOptions.iptablesMode());
    assertThat(NodeListings.of(node)).isNotEqualTo(before);

    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();

    NodeListings after = NodeListings.of(node);
    assertThat(after.links()).doesNotContain(LINK);
    assertThat(after).isEqualTo(before);
  }

  @Test
  void teardown_withSkipTeardownRulesAddressesAndLinkStay() {
    AgentProcess agent = start(AgentOptions.iptablesMode().withSkipTeardown(true));

    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();

    assertThat(agent.linkAddresses())
        .containsExactlyInAnyOrder(LOCAL_DNS + "/32", KUBE_DNS + "/32");
    assertSeedListings(List.of(LOCAL_DNS, KUBE_DNS));
  }

  @Test
  void teardown_afterSigkillANewAgentStartsCleanlyOverTheLeftovers() {
    NodeListings before = NodeListings.of(node);
    AgentProcess first = start(AgentOptions.iptablesMode());
    first.kill();
    assertThat(first.linkAddresses()).as("leftovers of the killed agent").hasSize(2);

    AgentProcess second = start(AgentOptions.iptablesMode());

    assertThat(second.linkAddresses())
        .containsExactlyInAnyOrder(LOCAL_DNS + "/32", KUBE_DNS + "/32");
    assertSeedListings(
        List.of(LOCAL_DNS, KUBE_DNS)); // each rule exactly once: adopted, not duplicated
    assertThat(podDig(KUBE_DNS, KUBERNETES_NAME).addresses()).containsExactly(KUBERNETES_IP);
    assertThat(second.terminate()).isZero();
    assertThat(NodeListings.of(node)).isEqualTo(before);
  }

  // 6. Bad config

  @Test
  void badConfig_brokenCorefileExitsNonZeroNamingTheLineAndLeavesTheNodeUntouched() {
    NodeListings before = NodeListings.of(node);
    AgentOptions options = AgentOptions.iptablesMode();
    AgentProcess agent =
        AgentProcess.start(
            node, options.withBaseCorefile(ManifestCorefile.broken(options.baseCorefile())));

    int exit = agent.awaitExit();

    assertThat(exit).as("exit code; log:\n%s", agent.log()).isNotZero();
    assertThat(agent.log())
        .containsPattern("Corefile(\\.base)?:" + ManifestCorefile.CACHE_SUCCESS_LINE + ": cache");
    assertThat(NodeListings.of(node)).isEqualTo(before);
  }

  // helpers

  private AgentProcess start(AgentOptions options) {
    return AgentProcess.start(node, options).awaitReady();
  }

  private NodeChecks checks() {
    return new NodeChecks(node);
  }

  private Dig.Answer podDig(String server, String name, String... options) {
    return checks().podDig(server, name, options);
  }

  private void printSeedChecks() {
    checks().printSeedChecks();
  }

  private void assertSeedListings(List<String> addresses) {
    checks().assertSeedListings(addresses);
  }

  private static long elapsedMillis(long sinceNanos) {
    return Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis();
  }
}
