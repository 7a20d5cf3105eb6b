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

/**
 * The checks of a scenario on a dual-stack {@link SimulatedNode} with a ready agent, shared by the
 * namespace e2e ({@link DualStackIT}) and the real-kernel scenarios ({@link RealKernelScenarios}):
 * a pod asking A and AAAA over UDP and TCP, CoreDNS's counters, the agent's link and rules in both
 * families, conntrack in both families.
 */
final class DualStackChecks {
  static final List<String> TYPES = List.of("A", "AAAA");
  static final List<String> TRANSPORTS = List.of("+notcp", "+tcp");
  static final String SKIP_CONNTRACK = "NodeLocal DNS Cache: skip conntrack";
  static final String ALLOW_DNS = "NodeLocal DNS Cache: allow DNS traffic";

  /** Sync interval is 2 s; this bound only keeps a broken reconcile from hanging the build. */
  static final Duration RECONCILE_BOUND = Timeouts.scaled(Duration.ofSeconds(30));

  private final SimulatedNode node;

  DualStackChecks(SimulatedNode node) {
    if (!node.dualStack()) {
      throw new IllegalArgumentException(node + " is not dual-stack");
    }
    this.node = node;
  }

  /** The address {@code name} has in the CoreDNS stand-in for {@code type} (A or AAAA). */
  static String address(String name, String type) {
    return switch (name + " " + type) {
      case WEB_NAME + " A" -> WEB_IP;
      case WEB_NAME + " AAAA" -> WEB_IP6;
      case KUBERNETES_NAME + " A" -> KUBERNETES_IP;
      case KUBERNETES_NAME + " AAAA" -> KUBERNETES_IP6;
      default -> throw new IllegalArgumentException(name + " " + type);
    };
  }

  /** {@code dig @server name TYPE} from the pod, over UDP or TCP ({@link #TRANSPORTS}). */
  Dig.Answer podDig(String server, String name, String type, String transport) {
    return Dig.ofType(node.pod(), server, name, type, transport);
  }

  /**
   * The pod asks {@code name} through each of {@code servers}, A and AAAA, over UDP and TCP, and
   * each time gets exactly the stand-in's address; returns how many queries it made.
   */
  int podAsksEveryWay(List<String> servers, String name) {
    int queries = 0;
    for (String server : servers) {
      for (String type : TYPES) {
        for (String transport : TRANSPORTS) {
          Dig.Answer answer = podDig(server, name, type, transport);
          assertThat(answer.addresses())
              .as("dig @%s %s %s %s from the pod: %s", server, name, type, transport, answer)
              .containsExactly(address(name, type));
          queries++;
        }
      }
    }
    return queries;
  }

  /**
   * The pod's queries of one name through {@code servers}, A and AAAA over UDP and TCP, are all
   * answered, and CoreDNS saw the name once per type and over TCP only (the misses, {@code
   * force_tcp}): every other query was a cache hit. No conntrack entry of either family is left for
   * them, and the cache's hits count them.
   */
  void everyWayAnsweredByTheCache(List<String> servers, Set<String> bound) {
    node.coreDns().resetStats();
    flushConntrack();
    MetricsScrape before = new NodeChecks(node).scrapeMetrics();

    int queries = podAsksEveryWay(servers, WEB_NAME);

    UnboundStats coreDns = node.coreDns().stats();
    assertThat(coreDns.queriesOfType("A")).as("CoreDNS stand-in: %s", coreDns).isEqualTo(1);
    assertThat(coreDns.queriesOfType("AAAA")).as("CoreDNS stand-in: %s", coreDns).isEqualTo(1);
    assertThat(coreDns.queries()).as("CoreDNS stand-in: %s", coreDns).isEqualTo(2);
    assertThat(coreDns.tcpQueries()).as("CoreDNS stand-in: %s", coreDns).isEqualTo(2);
    MetricsScrape after = new NodeChecks(node).scrapeMetrics();
    Map<String, String> clusterZone = Map.of("zones", CLUSTER_DOMAIN + ".");
    assertThat(after.sum(NodeChecks.HITS, clusterZone) - before.sum(NodeChecks.HITS, clusterZone))
        .as("%s %s over the pod's %d queries", NodeChecks.HITS, clusterZone, queries)
        .isGreaterThanOrEqualTo(queries - 2);
    assertNoPort53Flows(bound);
  }

  /** {@code conntrack -F} for both families. */
  void flushConntrack() {
    node.inNode("conntrack", "-F", "-f", "ipv4").check();
    node.inNode("conntrack", "-F", "-f", "ipv6").check();
  }

  /** The tracked flows of one family ({@code ipv4}, {@code ipv6}) in the node. */
  List<ConntrackListing.Flow> flows(String family) {
    return ConntrackListing.parse(node.inNode("conntrack", "-L", "-f", family).check().stdout());
  }

  /**
   * Neither family's conntrack table holds a flow to or from {@code bound} port 53, nor one from
   * the pod to port 53 (the agent's own TCP to kube-dns-upstream crosses kube-proxy's DNAT and is
   * tracked, as on a real node).
   */
  void assertNoPort53Flows(Set<String> bound) {
    String port = String.valueOf(DNS_PORT);
    for (String family : List.of("ipv4", "ipv6")) {
      assertThat(flows(family))
          .as("conntrack -L -f %s in the node", family)
          .noneMatch(f -> NodeChecks.isQueryToBoundAddress(f, bound))
          .noneMatch(
              f ->
                  (f.source().equals(POD_IP) || f.source().equals(POD_IP6))
                      && f.dport().equals(port));
    }
  }

  /**
   * The agent's link holds exactly {@code addresses} (IPv4 ones /32, IPv6 ones /128 added {@code
   * nodad}, none tentative), each is routed {@code local}, and each address's rules are in its
   * family's tables exactly once, with the agent's comments.
   */
  void assertSetUpFor(List<String> addresses) {
    List<String> ipv4 = addresses.stream().filter(a -> !SeedRules.isIpv6(a)).toList();
    List<String> ipv6 = addresses.stream().filter(SeedRules::isIpv6).toList();
    assertThat(linkAddresses("-4"))
        .as("ip -4 addr show dev %s", LINK)
        .containsExactlyInAnyOrderElementsOf(ipv4.stream().map(SeedRules::cidr).toList());
    assertThat(linkAddresses("-6"))
        .as("ip -6 addr show dev %s", LINK)
        .containsExactlyInAnyOrderElementsOf(ipv6.stream().map(SeedRules::cidr).toList());
    String shown6 = node.inNode("ip", "-o", "-6", "addr", "show", "dev", LINK).check().stdout();
    assertThat(shown6.lines().filter(l -> !l.isBlank()))
        .as("ip -o -6 addr show dev %s", LINK)
        .allMatch(l -> l.contains(" nodad"), "added nodad")
        .noneMatch(l -> l.contains("tentative"));
    for (String address : addresses) {
      String family = SeedRules.isIpv6(address) ? "-6" : "-4";
      assertThat(node.inNode("ip", family, "route", "get", address).check().stdout())
          .as("ip %s route get %s", family, address)
          .startsWith("local " + address + " ");
    }
    NodeListings listings = NodeListings.of(node);
    assertRulesOnce(ipv4, listings.rawRules(), listings.filterRules(), "iptables", listings.raw());
    Ip6Listings listings6 = Ip6Listings.of(node);
    assertRulesOnce(
        ipv6, listings6.rawRules(), listings6.filterRules(), "ip6tables", listings6.toString());
  }

  /** No rule of either family's raw or filter table names any of {@code addresses}. */
  void assertNoRuleNames(List<String> addresses) {
    NodeListings listings = NodeListings.of(node);
    Ip6Listings listings6 = Ip6Listings.of(node);
    for (String address : addresses) {
      List<RuleListing.Rule> rules = new ArrayList<>();
      rules.addAll(SeedRules.isIpv6(address) ? listings6.rawRules() : listings.rawRules());
      rules.addAll(SeedRules.isIpv6(address) ? listings6.filterRules() : listings.filterRules());
      assertThat(SeedRules.mentions(address, rules))
          .as("a raw or filter rule naming %s in\n%s\n%s", address, listings, listings6)
          .isFalse();
    }
  }

  private static void assertRulesOnce(
      List<String> addresses,
      List<RuleListing.Rule> raw,
      List<RuleListing.Rule> filter,
      String command,
      String listing) {
    for (SeedRules.Expected expected : SeedRules.forAddresses(addresses)) {
      boolean isRaw = expected.table().equals(SeedRules.RAW);
      List<RuleListing.Rule> table = isRaw ? raw : filter;
      assertThat(SeedRules.count(expected, table))
          .as("%s %s in\n%s", command, expected, listing)
          .isEqualTo(1);
      assertThat(table)
          .filteredOn(expected::matches)
          .allMatch(
              r -> r.comment().equals(isRaw ? SKIP_CONNTRACK : ALLOW_DNS),
              "commented \"" + (isRaw ? SKIP_CONNTRACK : ALLOW_DNS) + "\"");
    }
  }

  /**
   * The agent in iptables mode on {@code all} its {@code -localip} addresses puts back what is
   * taken away: after {@code ip6tables -t raw -F} its IPv6 NOTRACK rules (each once), after {@code
   * ip -6 addr del fd00:10:96::a/128} the address ({@code nodad}, not tentative: answerable at once
   * even where DAD is on); then the pod's A and AAAA over UDP and TCP to that ClusterIP are
   * answered by the agent, none reaching CoreDNS over UDP (kube-proxy's way).
   */
  void reconcilesIp6RawFlushAndDeletedIpv6ClusterIp(AgentProcess agent, List<String> all) {
    List<SeedRules.Expected> raw6 =
        SeedRules.forAddresses(all.stream().filter(SeedRules::isIpv6).toList()).stream()
            .filter(r -> r.table().equals(SeedRules.RAW))
            .toList();
    // no check that they are gone in between: the agent may already have put them back
    node.ip6tablesInNode("-t", "raw", "-F").check();
    await("ip6tables raw rules back")
        .atMost(RECONCILE_BOUND)
        .pollInterval(Timeouts.scaled(Duration.ofMillis(500)))
        .untilAsserted(
            () -> {
              List<RuleListing.Rule> now = Ip6Listings.of(node).rawRules();
              assertThat(raw6).allMatch(r -> SeedRules.count(r, now) == 1);
            });

    node.inNode("ip", "-6", "addr", "del", KUBE_DNS6 + "/128", "dev", LINK).check();
    await("the IPv6 ClusterIP back on the link")
        .atMost(RECONCILE_BOUND)
        .pollInterval(Timeouts.scaled(Duration.ofMillis(500)))
        .until(() -> agent.linkAddresses6().contains(KUBE_DNS6 + "/128"));
    assertSetUpFor(all); // nodad, not tentative; every rule once

    // what was tracked before (the readiness probes, made before the rules were in) goes: the
    // pod's queries below must leave nothing
    flushConntrack();
    node.coreDns().resetStats();
    for (String type : TYPES) {
      for (String transport : TRANSPORTS) {
        assertThat(podDig(KUBE_DNS6, KUBERNETES_NAME, type, transport).addresses())
            .as("%s %s to %s", type, transport, KUBE_DNS6)
            .containsExactly(address(KUBERNETES_NAME, type));
      }
    }
    assertThat(node.coreDns().stats().udpQueries())
        .as("answered by the agent, not via kube-proxy")
        .isZero();
    assertNoPort53Flows(Set.copyOf(all));
  }

  /** The addresses on the agent's link of one family ({@code -4}, {@code -6}). */
  List<String> linkAddresses(String family) {
    Commands.Result shown = node.inNode("ip", "-o", family, "addr", "show", "dev", LINK);
    return shown.ok()
        ? NodeListings.addresses(shown.stdout()).stream().map(a -> a.split(" ")[1]).toList()
        : List.of();
  }

  /**
   * Without the agent on it, a pod's {@code name} AAAA to the IPv6 ClusterIP goes through kube-
   * proxy's DNAT to CoreDNS: answered, CoreDNS saw it once, over UDP and IPv6, and conntrack tracks
   * the pod's flow to the ClusterIP.
   */
  void ipv6ClusterIpReachesCoreDnsThroughKubeProxy(String name) {
    node.coreDns().resetStats();
    flushConntrack();
    Dig.Answer answer = podDig(KUBE_DNS6, name, "AAAA", "+notcp");
    assertThat(answer.addresses()).as("%s", answer).containsExactly(address(name, "AAAA"));
    UnboundStats coreDns = node.coreDns().stats();
    assertThat(coreDns.queries()).as("CoreDNS stand-in: %s", coreDns).isEqualTo(1);
    assertThat(coreDns.udpQueries()).as("CoreDNS stand-in: %s", coreDns).isEqualTo(1);
    assertThat(coreDns.ipv6Queries()).as("CoreDNS stand-in: %s", coreDns).isEqualTo(1);
    assertThat(flows("ipv6"))
        .as("the DNATed flow in conntrack -L -f ipv6")
        .anyMatch(
            f ->
                f.source().equals(POD_IP6)
                    && f.destination().equals(KUBE_DNS6)
                    && f.dport().equals(String.valueOf(DNS_PORT)));
  }

  /** What a person checks on a dual-stack node, kept in the test's output as evidence. */
  void print() {
    StringBuilder out =
        new StringBuilder("---- the dual-stack checks on " + node.node() + " ----\n");
    for (List<String> check :
        List.of(
            List.of("ip", "addr", "show", "dev", LINK),
            List.of(node.iptables(), "-t", "raw", "-S"),
            List.of(node.ip6tables(), "-t", "raw", "-S"),
            List.of(node.ip6tables(), "-S", "INPUT"),
            List.of(node.ip6tables(), "-S", "OUTPUT"),
            List.of(node.ip6tables(), "-t", "nat", "-S", "KUBE-SERVICES"),
            List.of("ip", "-6", "route", "get", KUBE_DNS6),
            List.of("ip", "-6", "route", "get", LOCAL_DNS6),
            List.of("conntrack", "-L", "-f", "ipv4"),
            List.of("conntrack", "-L", "-f", "ipv6"))) {
      Commands.Result result = node.inNode(check.toArray(String[]::new));
      out.append("# ")
          .append(String.join(" ", check))
          .append('\n')
          .append(result.stdout())
          .append(result.stderr());
    }
    Commands.Result metrics =
        node.inNode(
            "curl",
            "-s",
            "--max-time",
            Timeouts.seconds(5),
            "http://127.0.0.1:" + METRICS_PORT + "/metrics");
    out.append(
        "# curl -s http://127.0.0.1:9253/metrics | grep -E"
            + " 'coredns_(cache_(hits|misses)|dns_requests)_total'\n");
    metrics
        .stdout()
        .lines()
        .filter(l -> l.matches("coredns_(cache_(hits|misses)|dns_requests)_total\\{.*"))
        .forEach(l -> out.append(l).append('\n'));
    System.out.println(out);
  }
}
