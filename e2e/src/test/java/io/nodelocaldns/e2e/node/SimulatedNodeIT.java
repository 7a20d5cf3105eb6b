package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fixture on its own, without the agent: the node behaves as the recipe's "before the cache" —
 * kube-proxy's DNAT takes a pod's query to CoreDNS over UDP and leaves a conntrack entry — and
 * every stand-in is reachable from where the agent will run. This is what makes the scenarios' "the
 * agent answered, nothing was tracked" meaningful.
 */
class SimulatedNodeIT {
  @BeforeAll
  static void machine() {
    Preconditions.assumeSimulatedNodePossible();
  }

  @Test
  void withoutTheAgentAPodQueryIsDnatedToCoreDnsOverUdpAndTracked() {
    try (SimulatedNode node = SimulatedNode.create()) {
      Commands.checkInNs(node.node(), "conntrack", "-F");

      Dig.Answer answer = Dig.inNs(node.pod(), KUBE_DNS, KUBERNETES_NAME);

      assertThat(answer.addresses()).as(answer.toString()).containsExactly(KUBERNETES_IP);
      UnboundStats stats = node.coreDns().stats();
      assertThat(stats.udpQueries()).as(stats.toString()).isEqualTo(1);
      assertThat(stats.tcpQueries()).as(stats.toString()).isZero();
      List<ConntrackListing.Flow> flows =
          ConntrackListing.parse(node.inNode("conntrack", "-L").check().stdout());
      assertThat(flows)
          .as("the seed's conntrack entry before the cache")
          .anyMatch(
              f ->
                  f.destination().equals(KUBE_DNS)
                      && f.dport().equals("53")
                      && f.source().equals(POD_IP));
    }
  }

  @Test
  void theNodeReachesItsResolverTheVpcResolverAndKubeDnsUpstream() {
    try (SimulatedNode node = SimulatedNode.create()) {
      assertThat(Dig.inNs(node.node(), EXTERNAL_RESOLVER, EXTERNAL_NAME).addresses())
          .containsExactly(EXTERNAL_IP_FROM_NODE_RESOLVER);
      assertThat(Dig.inNs(node.node(), VPC_RESOLVER, EXTERNAL_NAME, "+tcp").addresses())
          .containsExactly(EXTERNAL_IP_FROM_VPC_RESOLVER);
      assertThat(Dig.inNs(node.node(), KUBE_DNS_UPSTREAM, WEB_NAME, "+tcp").addresses())
          .containsExactly(WEB_IP);
      assertThat(node.coreDns().stats().tcpQueries()).isEqualTo(1);
      // the node's resolv.conf is its own: a name without @server goes to the resolver stand-in
      assertThat(node.inNode("cat", "/etc/resolv.conf").stdout())
          .contains("nameserver " + EXTERNAL_RESOLVER);
    }
  }

  @Test
  void dualStack_withoutTheAgentTheIpv6ClusterIpIsDnatedToCoreDnsOverUdpAndTracked_ipv4Unchanged() {
    try (SimulatedNode node = SimulatedNode.createDualStack()) {
      // IPv6: the pod's AAAA to fd00:10:96::a, DNATed to CoreDNS's IPv6 address, tracked
      new DualStackChecks(node).ipv6ClusterIpReachesCoreDnsThroughKubeProxy(KUBERNETES_NAME);
      // IPv4 as on an IPv4-only node
      node.coreDns().resetStats();
      assertThat(Dig.inNs(node.pod(), KUBE_DNS, WEB_NAME).addresses()).containsExactly(WEB_IP);
      assertThat(node.coreDns().stats().udpQueries()).isEqualTo(1);
      assertThat(node.coreDns().stats().ipv6Queries()).isZero();
      // the node reaches kube-dns-upstream's IPv6 ClusterIP (its default route, then the DNAT)
      node.coreDns().resetStats();
      assertThat(Dig.ofType(node.node(), KUBE_DNS_UPSTREAM6, WEB_NAME, "AAAA", "+tcp").addresses())
          .containsExactly(WEB_IP6);
      UnboundStats stats = node.coreDns().stats();
      assertThat(stats.tcpQueries()).as(stats.toString()).isEqualTo(1);
      assertThat(stats.ipv6Queries()).as(stats.toString()).isEqualTo(1);
      // nothing of node-local-dns yet
      assertThat(node.inNode("ip", "link", "show", LINK).ok()).isFalse();
      assertThat(Ip6Listings.of(node).raw()).doesNotContain(SeedRules.COMMENT_MARK);
    }
  }

  @Test
  void closeRemovesNamespacesProcessesAndEtcNetns() {
    SimulatedNode node = SimulatedNode.create();
    long coreDnsPid = node.coreDns().pid();
    node.close();

    String namespaces = Commands.check("ip", "netns", "list").stdout();
    assertThat(namespaces)
        .doesNotContain(node.node())
        .doesNotContain(node.pod())
        .doesNotContain(node.coreDnsNs());
    assertThat(ProcessHandle.of(coreDnsPid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(Files.exists(SimulatedNode.ETC_NETNS.resolve(node.node()))).isFalse();
    assertThat(Files.exists(node.dir())).isFalse();
  }
}
