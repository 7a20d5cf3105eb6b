package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent on a dual-stack {@link SimulatedNode} ({@code --link-type bridge}): a pod with an IPv4
 * and an IPv6 address asks A and AAAA over UDP and TCP through both kube-dns ClusterIPs
 * (10.96.0.10, fd00:10:96::a) and both node-local addresses (169.254.20.10, fd00::10). Skipped,
 * with a message, without root, a usable {@code ip netns} or the jar.
 */
class DualStackIT {
  static final List<String> FOUR = List.of(LOCAL_DNS, KUBE_DNS, LOCAL_DNS6, KUBE_DNS6);

  private SimulatedNode node;

  @BeforeAll
  static void machine() {
    Preconditions.assumeSimulatedNodePossible();
  }

  @BeforeEach
  void buildNode() {
    Preconditions.assumeAgentJar();
    node = SimulatedNode.createDualStack();
  }

  @AfterEach
  void tearDown() {
    if (node != null) {
      node.close(); // stops its agents, printing their logs
    }
  }

  @Test
  void
      iptablesMode_podAsksAAndAaaaOverUdpAndTcpViaBothClusterIpsAndBothLocalIps_allFromTheCache_untracked_sigtermHandsTheIpv6ClusterIpBackToKubeProxy() {
    NodeListings before = NodeListings.of(node);
    Ip6Listings before6 = Ip6Listings.of(node);
    AgentProcess agent = start(AgentOptions.dualStackIptablesMode());
    DualStackChecks checks = new DualStackChecks(node);

    checks.assertSetUpFor(FOUR);
    assertCorefile(agent, Set.copyOf(FOUR), "health " + LOCAL_DNS + ":" + HEALTH_PORT);

    // the ClusterIPs first, as pods ask them; then the node-local addresses
    checks.everyWayAnsweredByTheCache(
        List.of(KUBE_DNS, KUBE_DNS6, LOCAL_DNS, LOCAL_DNS6), Set.copyOf(FOUR));

    // the `.` block on IPv6 too: the node's resolver answers external names
    node.nodeResolver().resetStats();
    assertThat(Dig.inNs(node.pod(), KUBE_DNS6, EXTERNAL_NAME).addresses())
        .containsExactly(EXTERNAL_IP_FROM_NODE_RESOLVER);
    assertThat(node.nodeResolver().stats().queries()).isGreaterThanOrEqualTo(1);
    // health on the first node-local address
    assertThat(curlHealth("http://" + LOCAL_DNS + ":" + HEALTH_PORT + "/health")).contains("OK");
    checks.print();

    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();

    NodeListings after = NodeListings.of(node);
    assertThat(after.links()).doesNotContain(LINK);
    assertThat(after).isEqualTo(before);
    assertThat(Ip6Listings.of(node)).isEqualTo(before6);
    // kube-proxy's again: the IPv6 ClusterIP reaches CoreDNS through the DNAT, over UDP, tracked
    checks.ipv6ClusterIpReachesCoreDnsThroughKubeProxy(KUBERNETES_NAME);
  }

  @Test
  void reconcile_flushedIp6RawTableAndDeletedIpv6ClusterIpComeBack_podAnsweredOverItAgain() {
    AgentProcess agent = start(AgentOptions.dualStackIptablesMode());
    new DualStackChecks(node).reconcilesIp6RawFlushAndDeletedIpv6ClusterIp(agent, FOUR);
  }

  @Test
  void aTentativeIpv6AddressFoundOnTheLinkIsAddedAgainNodad_andAnswered() {
    // left by someone else without nodad: on the DOWN bridge DAD never ends, it stays tentative
    node.inNode("ip", "link", "add", LINK, "type", "bridge").check();
    node.inNode("ip", "-6", "addr", "add", LOCAL_DNS6 + "/128", "dev", LINK).check();
    assertThat(node.inNode("ip", "-o", "-6", "addr", "show", "dev", LINK).check().stdout())
        .as("before the agent")
        .contains("tentative");

    start(AgentOptions.dualStackIptablesMode());

    DualStackChecks checks = new DualStackChecks(node);
    checks.assertSetUpFor(FOUR); // nodad, none tentative
    for (String transport : DualStackChecks.TRANSPORTS) {
      assertThat(checks.podDig(LOCAL_DNS6, WEB_NAME, "AAAA", transport).addresses())
          .containsExactly(WEB_IP6);
    }
  }

  @Test
  void
      ipvsMode_onlyTheNodeLocalAddressOfEachFamilyIsBoundAndNotracked_ipv6ClusterIpStaysKubeProxys() {
    NodeListings before = NodeListings.of(node);
    Ip6Listings before6 = Ip6Listings.of(node);
    AgentProcess agent = start(AgentOptions.dualStackIpvsMode());
    DualStackChecks checks = new DualStackChecks(node);

    checks.assertSetUpFor(List.of(LOCAL_DNS, LOCAL_DNS6));
    checks.assertNoRuleNames(List.of(KUBE_DNS, KUBE_DNS6));
    assertThat(agent.log())
        .as("the kubelet advice names both node-local addresses")
        .contains("--cluster-dns=" + LOCAL_DNS + "," + LOCAL_DNS6);
    assertThat(node.inNode("ip", "-6", "route", "get", KUBE_DNS6).check().stdout())
        .doesNotStartWith("local");
    assertThat(Ip6Listings.of(node).nat())
        .contains("-A KUBE-SERVICES -d " + KUBE_DNS6 + "/128 -p udp");
    assertCorefile(agent, Set.of(LOCAL_DNS, LOCAL_DNS6), "health " + LOCAL_DNS + ":" + HEALTH_PORT);

    checks.everyWayAnsweredByTheCache(
        List.of(LOCAL_DNS, LOCAL_DNS6), Set.of(LOCAL_DNS, LOCAL_DNS6));
    // the IPv6 ClusterIP is kube-proxy's: a pod asking it reaches CoreDNS through the DNAT
    checks.ipv6ClusterIpReachesCoreDnsThroughKubeProxy(WEB_NAME);
    checks.print();

    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();
    assertThat(NodeListings.of(node)).isEqualTo(before);
    assertThat(Ip6Listings.of(node)).isEqualTo(before6);
  }

  @Test
  void ipv6Only_podAnsweredThroughTheIpv6ClusterIpAndLocalIp_agentForwardsOverIpv6_noIpv4Touched() {
    NodeListings before = NodeListings.of(node);
    Ip6Listings before6 = Ip6Listings.of(node);
    AgentOptions options = AgentOptions.ipv6OnlyIptablesMode();
    // an IPv6 cluster's kube-dns-upstream: the agent reaches CoreDNS over IPv6
    AgentProcess agent =
        AgentProcess.start(
                node,
                options,
                AgentLauncher.jar(),
                run -> AgentProcess.arguments(run, options),
                Map.of(UPSTREAM_SERVICE_HOST_ENV, KUBE_DNS_UPSTREAM6))
            .awaitReady();
    DualStackChecks checks = new DualStackChecks(node);

    checks.assertSetUpFor(List.of(LOCAL_DNS6, KUBE_DNS6));
    NodeListings listings = NodeListings.of(node);
    assertThat(listings.raw() + listings.filter())
        .as("iptables (IPv4) holds none of the agent's rules")
        .doesNotContain(SeedRules.COMMENT_MARK);
    assertCorefile(
        agent, Set.of(LOCAL_DNS6, KUBE_DNS6), "health [" + LOCAL_DNS6 + "]:" + HEALTH_PORT);

    checks.everyWayAnsweredByTheCache(
        List.of(KUBE_DNS6, LOCAL_DNS6), Set.of(LOCAL_DNS6, KUBE_DNS6));
    UnboundStats coreDns = node.coreDns().stats();
    assertThat(coreDns.ipv6Queries())
        .as(
            "the agent's misses reached CoreDNS over IPv6 (kube-dns-upstream %s): %s",
            KUBE_DNS_UPSTREAM6, coreDns)
        .isEqualTo(coreDns.queries());
    assertThat(curlHealth("http://[" + LOCAL_DNS6 + "]:" + HEALTH_PORT + "/health")).contains("OK");
    checks.print();

    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();
    assertThat(NodeListings.of(node)).isEqualTo(before);
    assertThat(Ip6Listings.of(node)).isEqualTo(before6);
  }

  // helpers

  private AgentProcess start(AgentOptions options) {
    return AgentProcess.start(node, options).awaitReady();
  }

  /**
   * The Corefile the agent wrote: no {@code __PILLAR__} left, every {@code bind} line binds exactly
   * {@code bound}, every {@code health} line is {@code health}.
   */
  static void assertCorefile(AgentProcess agent, Set<String> bound, String health) {
    String corefile = agent.writtenCorefile();
    System.out.println("---- the Corefile the agent wrote ----\n" + corefile);
    assertThat(corefile).as("the Corefile the agent wrote").doesNotContain("__PILLAR__");
    List<String> binds =
        corefile.lines().map(String::strip).filter(l -> l.startsWith("bind ")).toList();
    assertThat(binds).as("bind lines of\n%s", corefile).isNotEmpty();
    assertThat(binds)
        .as("bind lines of\n%s", corefile)
        .allMatch(
            l ->
                Set.copyOf(Arrays.asList(l.substring("bind ".length()).split("\\s+"))).equals(bound)
                    && l.split("\\s+").length == bound.size() + 1);
    assertThat(corefile.lines().map(String::strip).filter(l -> l.startsWith("health ")))
        .as("health lines of\n%s", corefile)
        .containsExactly(health);
  }

  private String curlHealth(String url) {
    return node.inNode("curl", "-s", "-g", "--max-time", Timeouts.seconds(5), url).check().stdout();
  }
}
