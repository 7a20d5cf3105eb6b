package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.MetricsScrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final int REPEATS = 3;
  private static final String HITS = "coredns_cache_hits_total";
  private static final String MISSES = "coredns_cache_misses_total";
  private static final Map<String, String> CLUSTER_IP_CLUSTER_ZONE =
      Map.of("server", "dns://" + KUBE_DNS + ":" + DNS_PORT, "zones", CLUSTER_DOMAIN + ".");

  private SimulatedNode node;
  private final List<AgentProcess> agents = new ArrayList<>();

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
    if (node == null) {
      return; // skipped before the node was built
    }
    for (AgentProcess agent : agents) {
      agent.close();
      // failsafe keeps a test's output with its report: the agent's log explains most failures
      System.out.println("---- agent pid " + agent.pid() + " log ----\n" + agent.log());
    }
    node.close();
  }

  // 1. iptables mode

  @Test
  void
      iptablesMode_podQueryToClusterIpIsAnsweredByTheAgent_untracked_cached_externalNamesToNodeResolver() {
    start(AgentOptions.iptablesMode());
    node.coreDns().resetStats();
    node.nodeResolver().resetStats();
    node.inNode("conntrack", "-F").check();

    // a miss: answered, and CoreDNS saw exactly this name over TCP (force_tcp), never UDP
    assertThat(podDig(KUBE_DNS, WEB_NAME).addresses()).containsExactly(WEB_IP);
    UnboundStats afterMiss = node.coreDns().stats();
    assertThat(afterMiss.tcpQueries())
        .as("CoreDNS stand-in after a miss: %s", afterMiss)
        .isEqualTo(1);
    assertThat(afterMiss.udpQueries()).as("CoreDNS stand-in after a miss: %s", afterMiss).isZero();

    // repeats, over UDP and TCP: answered from the cache, CoreDNS sees nothing more
    for (int i = 0; i < REPEATS; i++) {
      assertThat(podDig(KUBE_DNS, WEB_NAME).addresses()).containsExactly(WEB_IP);
    }
    assertThat(podDig(KUBE_DNS, WEB_NAME, "+tcp").addresses()).containsExactly(WEB_IP);
    UnboundStats afterRepeats = node.coreDns().stats();
    assertThat(afterRepeats.queries())
        .as("CoreDNS stand-in after the repeats: %s", afterRepeats)
        .isEqualTo(afterMiss.queries());

    // the seed's cache checks, scraped on the node as `curl -s http://127.0.0.1:9253/metrics`
    MetricsScrape metrics = scrapeMetrics();
    assertThat(metrics.sum(HITS, CLUSTER_IP_CLUSTER_ZONE))
        .as(HITS + " %s", CLUSTER_IP_CLUSTER_ZONE)
        .isGreaterThanOrEqualTo(REPEATS + 1);
    assertThat(metrics.sum(MISSES, CLUSTER_IP_CLUSTER_ZONE))
        .as(MISSES + " %s", CLUSTER_IP_CLUSTER_ZONE)
        .isGreaterThanOrEqualTo(1);

    // NOTRACK: no flow for the pods' queries to the bound addresses (the agent's own TCP to
    // kube-dns-upstream crosses kube-proxy's DNAT and is tracked, as on a real node)
    List<ConntrackListing.Flow> flows =
        ConntrackListing.parse(node.inNode("conntrack", "-L").check().stdout());
    assertThat(flows)
        .as("conntrack in the node")
        .noneMatch(f -> isQueryToBoundAddress(f, Set.of(KUBE_DNS, LOCAL_DNS)));
    assertThat(flows)
        .noneMatch(f -> f.source().equals(POD_IP) && f.dport().equals(String.valueOf(DNS_PORT)));

    // external names: the `.` block forwards to the node's resolv.conf, i.e. the node's resolver
    assertThat(podDig(KUBE_DNS, EXTERNAL_NAME).addresses())
        .containsExactly(EXTERNAL_IP_FROM_NODE_RESOLVER);
    assertThat(node.nodeResolver().stats().queries()).isGreaterThanOrEqualTo(1);
    assertThat(node.vpcResolver().stats().queries()).isZero();

    // the health endpoint of the manifest's Corefile
    assertThat(
            node.inNode(
                    "curl",
                    "-s",
                    "--max-time",
                    "5",
                    "http://" + LOCAL_DNS + ":" + HEALTH_PORT + "/health")
                .check()
                .stdout())
        .contains("OK");

    // the listings users check, as the seed shows them
    assertSeedListings(List.of(LOCAL_DNS, KUBE_DNS));
    assertThat(node.inNode("ip", "route", "get", KUBE_DNS).check().stdout())
        .startsWith("local " + KUBE_DNS + " dev lo");
    printSeedChecks();
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
    agents.add(agent);

    int exit = agent.awaitExit();

    assertThat(exit).as("exit code; log:\n%s", agent.log()).isNotZero();
    assertThat(agent.log())
        .containsPattern("Corefile(\\.base)?:" + ManifestCorefile.CACHE_SUCCESS_LINE + ": cache");
    assertThat(NodeListings.of(node)).isEqualTo(before);
  }

  // helpers

  private AgentProcess start(AgentOptions options) {
    AgentProcess agent = AgentProcess.start(node, options);
    agents.add(agent);
    return agent.awaitReady();
  }

  private Dig.Answer podDig(String server, String name, String... options) {
    return Dig.inNs(node.pod(), server, name, options);
  }

  private MetricsScrape scrapeMetrics() {
    return MetricsScrape.parse(
        node.inNode(
                "curl", "-s", "--max-time", "5", "http://127.0.0.1:" + METRICS_PORT + "/metrics")
            .check()
            .stdout());
  }

  /** The seed's checks as a person runs them on the node, kept in the test's output as evidence. */
  private void printSeedChecks() {
    StringBuilder out = new StringBuilder("---- the seed's checks on " + node.node() + " ----\n");
    for (List<String> check :
        List.of(
            List.of("ip", "addr", "show", LINK),
            List.of("iptables", "-t", "raw", "-S"),
            List.of("iptables", "-S", "INPUT"),
            List.of("iptables", "-S", "OUTPUT"),
            List.of("ip", "route", "get", KUBE_DNS),
            List.of("conntrack", "-L"))) {
      Commands.Result result = node.inNode(check.toArray(String[]::new));
      out.append("# ")
          .append(String.join(" ", check))
          .append('\n')
          .append(result.stdout())
          .append(result.stderr());
    }
    String metrics =
        node.inNode(
                "curl", "-s", "--max-time", "5", "http://127.0.0.1:" + METRICS_PORT + "/metrics")
            .stdout();
    out.append(
        "# curl -s http://127.0.0.1:9253/metrics | grep -E 'coredns_cache_(hits|misses|requests)_total'\n");
    metrics
        .lines()
        .filter(l -> l.matches("coredns_cache_(hits|misses|requests)_total\\{.*"))
        .forEach(l -> out.append(l).append('\n'));
    System.out.println(out);
  }

  private static long elapsedMillis(long sinceNanos) {
    return Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis();
  }

  private static boolean isQueryToBoundAddress(ConntrackListing.Flow flow, Set<String> bound) {
    String port = String.valueOf(DNS_PORT);
    return (bound.contains(flow.destination()) && flow.dport().equals(port))
        || (bound.contains(flow.source()) && flow.sport().equals(port));
  }

  /**
   * {@code iptables -t raw -S}, {@code iptables -S INPUT} and {@code -S OUTPUT} hold each of the
   * seed's rules for {@code addresses} exactly once, commented as ours; the link holds each as /32.
   */
  private void assertSeedListings(List<String> addresses) {
    NodeListings listings = NodeListings.of(node);
    for (SeedRules.Expected expected : SeedRules.forAddresses(addresses)) {
      List<RuleListing.Rule> table =
          expected.table().equals(SeedRules.RAW) ? listings.rawRules() : listings.filterRules();
      String listing = expected.table().equals(SeedRules.RAW) ? listings.raw() : listings.filter();
      assertThat(SeedRules.count(expected, table)).as("%s in\n%s", expected, listing).isEqualTo(1);
      assertThat(table)
          .filteredOn(expected::matches)
          .allMatch(
              r -> r.comment().contains(SeedRules.COMMENT_MARK),
              "commented \"" + SeedRules.COMMENT_MARK + "\"");
    }
    assertThat(listings.addresses())
        .as("ip -o addr show")
        .containsAll(addresses.stream().map(a -> LINK + " " + a + "/32").toList());
  }
}
