package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.testing.MetricsScrape;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks a scenario makes on a {@link SimulatedNode} with a ready agent, shared by the
 * namespace e2e ({@link NodeAgentIT}) and the real-kernel scenarios ({@link RealKernelScenarios}):
 * queries from the pod, the seed's listings (through the node's iptables backend), conntrack.
 */
final class NodeChecks {
  static final int REPEATS = 3;
  static final String HITS = "coredns_cache_hits_total";
  static final String MISSES = "coredns_cache_misses_total";
  static final Map<String, String> CLUSTER_IP_CLUSTER_ZONE =
      Map.of("server", "dns://" + KUBE_DNS + ":" + DNS_PORT, "zones", CLUSTER_DOMAIN + ".");

  private final SimulatedNode node;

  NodeChecks(SimulatedNode node) {
    this.node = node;
  }

  /**
   * The namespace e2e's iptables scenario: a pod's query to the ClusterIP is answered, CoreDNS sees
   * the miss once over TCP and the repeats not at all, the cache metrics count them, no conntrack
   * flow for the pod's queries, external names reach the node's resolver, /health says OK, the
   * seed's listings hold each rule once and the ClusterIP's route is local.
   */
  void iptablesModeAnswersUntrackedCachedAndForwardsExternalNames() {
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
                    Timeouts.seconds(5),
                    "http://" + LOCAL_DNS + ":" + HEALTH_PORT + "/health")
                .check()
                .stdout())
        .contains("OK");

    // the listings users check, as the seed shows them
    assertSeedListings(List.of(LOCAL_DNS, KUBE_DNS));
    assertThat(node.inNode("ip", "route", "get", KUBE_DNS).check().stdout())
        .startsWith("local " + KUBE_DNS + " dev lo");
  }

  Dig.Answer podDig(String server, String name, String... options) {
    return Dig.inNs(node.pod(), server, name, options);
  }

  MetricsScrape scrapeMetrics() {
    return MetricsScrape.parse(curlMetrics().check().stdout());
  }

  /** {@code curl /metrics} inside the node, as the seed's check runs it. */
  private Commands.Result curlMetrics() {
    return node.inNode(
        "curl",
        "-s",
        "--max-time",
        Timeouts.seconds(5),
        "http://127.0.0.1:" + METRICS_PORT + "/metrics");
  }

  /** The seed's checks as a person runs them on the node, kept in the test's output as evidence. */
  void printSeedChecks() {
    StringBuilder out = new StringBuilder("---- the seed's checks on " + node.node() + " ----\n");
    for (List<String> check :
        List.of(
            List.of("ip", "addr", "show", LINK),
            List.of(node.iptables(), "-t", "raw", "-S"),
            List.of(node.iptables(), "-S", "INPUT"),
            List.of(node.iptables(), "-S", "OUTPUT"),
            List.of("ip", "route", "get", KUBE_DNS),
            List.of("conntrack", "-L"))) {
      Commands.Result result = node.inNode(check.toArray(String[]::new));
      out.append("# ")
          .append(String.join(" ", check))
          .append('\n')
          .append(result.stdout())
          .append(result.stderr());
    }
    String metrics = curlMetrics().stdout();
    out.append(
        "# curl -s http://127.0.0.1:9253/metrics | grep -E 'coredns_cache_(hits|misses|requests)_total'\n");
    metrics
        .lines()
        .filter(l -> l.matches("coredns_cache_(hits|misses|requests)_total\\{.*"))
        .forEach(l -> out.append(l).append('\n'));
    System.out.println(out);
  }

  static boolean isQueryToBoundAddress(ConntrackListing.Flow flow, Set<String> bound) {
    String port = String.valueOf(DNS_PORT);
    return (bound.contains(flow.destination()) && flow.dport().equals(port))
        || (bound.contains(flow.source()) && flow.sport().equals(port));
  }

  /**
   * {@code iptables -t raw -S}, {@code iptables -S INPUT} and {@code -S OUTPUT} hold each of the
   * seed's rules for {@code addresses} exactly once, commented as ours; the link holds each as /32.
   */
  void assertSeedListings(List<String> addresses) {
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
