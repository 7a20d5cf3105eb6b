package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;

import io.nodelocaldns.e2e.community.CommunityFixtures;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent jar run as the deliveryhero {@code node-local-dns} chart's DaemonSet runs node-cache
 * (chart 2.9.2, commit 17aac33; fixtures and values in {@code
 * src/test/resources/community/deliveryhero/}), on a {@link SimulatedNode} in iptables mode: with
 * that DaemonSet's own arguments and nothing else but {@code --link-type bridge} (this kernel has
 * no dummy driver), the chart's volumes where it mounts them ({@link AgentLauncher.ChartVolumes}:
 * the rendered ConfigMap at the default {@code -basecorefile} {@code /etc/coredns/Corefile.base},
 * the agent writing {@code -conf /etc/Corefile}), and the environment the kubelet gives it: {@code
 * NODE_LOCAL_DNS_UPSTREAM_SERVICE_HOST}, the ClusterIP of the chart's {@code
 * node-local-dns-upstream} Service, and no {@code KUBE_DNS_UPSTREAM_SERVICE_HOST}.
 *
 * <p>For each of the chart's Corefiles (defaults, enableLogging, noIPv6Lookups, prefetch with
 * serveStale, extraServerBlocks, customConfig, bindIp) a pod's cluster and external names are
 * answered over UDP and TCP through both the kube-dns ClusterIP and the node-local IP, CoreDNS only
 * ever sees TCP, {@code /health} answers on :8080 and metrics on :9253 at the pod's (the node's)
 * address, as the chart's liveness probe and scrape annotations ask them. Each scenario collects
 * all its failures (soft assertions), so a run says everything that is missing at once. Skipped,
 * with a message, without root, {@code ip netns} or the jar.
 */
class CommunityChartIT {
  /** The release name; the chart's fullname is then {@code node-local-dns}. */
  static final String RELEASE = "node-local-dns";

  /**
   * The chart's upstream Service, {@code <fullname>-upstream}, and the kubelet's variable for it.
   */
  static final String CHART_UPSTREAM_SERVICE = RELEASE + "-upstream";

  static final String CHART_UPSTREAM_SERVICE_HOST_ENV = "NODE_LOCAL_DNS_UPSTREAM_SERVICE_HOST";

  /** What the DaemonSet passes as {@code -conf}; the agent writes it. */
  static final String CONF = "/etc/Corefile";

  /** templates/daemonset.yaml's args for these values (setupIptables true), as rendered. */
  static final List<String> DAEMONSET_ARGS =
      List.of(
          "-localip",
          LOCAL_DNS + "," + KUBE_DNS,
          "-conf",
          CONF,
          "-upstreamsvc",
          CHART_UPSTREAM_SERVICE,
          "-skipteardown=false",
          "-setupinterface=true",
          "-setupiptables=true");

  /** Names below it ({@code udp.}, {@code tcp.}) go to the extra consul. block. */
  static final String CONSUL_SERVICE = "web.service.consul";

  static final String REQUESTS = "coredns_dns_requests_total";

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

  @Test
  void defaults_servesPodsOverUdpAndTcpOnBothAddresses_healthAndMetrics_sigtermTearsDown() {
    NodeListings before = NodeListings.of(node);
    AgentProcess agent = start("defaults");

    SoftAssertions softly = new SoftAssertions();
    servesAsTheChartPromises(agent, softly);
    softly.assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();
    softly
        .assertThat(NodeListings.of(node))
        .as("-skipteardown=false: the node as before")
        .isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void enableLogging_eachQueryIsLoggedInCoreDnsCommonFormat() {
    AgentProcess agent = start("enable-logging");

    SoftAssertions softly = new SoftAssertions();
    servesAsTheChartPromises(agent, softly);
    softly
        .assertThat(agent.log())
        .as("the agent's log")
        .contains("\"A IN " + WEB_NAME + ". tcp ")
        .contains("\"A IN " + EXTERNAL_NAME + ". tcp ");
    softly.assertAll();
  }

  @Test
  void noIPv6Lookups_aaaaIsAnEmptyNoError_neitherCoreDnsNorTheNodesResolverSeesIt() {
    AgentProcess agent = start("no-ipv6-lookups");

    SoftAssertions softly = new SoftAssertions();
    servesAsTheChartPromises(agent, softly);
    node.coreDns().resetStats();
    node.nodeResolver().resetStats();
    for (String server : List.of(KUBE_DNS, LOCAL_DNS)) {
      for (Transport transport : Transport.values()) {
        for (String name : List.of(WEB_NAME, EXTERNAL_NAME)) {
          Dig.Response aaaa = podQuery(server, name, "AAAA", transport);
          softly
              .assertThat(aaaa.status())
              .as("AAAA %s via %s over %s: %s", name, server, transport, aaaa)
              .contains("NOERROR");
          softly
              .assertThat(aaaa.answers())
              .as("AAAA %s via %s over %s", name, server, transport)
              .isEmpty();
        }
      }
    }
    softly
        .assertThat(node.coreDns().stats().queriesOfType("AAAA"))
        .as("AAAA queries the CoreDNS stand-in received")
        .isZero();
    softly
        .assertThat(node.nodeResolver().stats().queriesOfType("AAAA"))
        .as("AAAA queries the node's resolver received")
        .isZero();
    softly.assertAll();
  }

  @Test
  void prefetchAndServeStale_theCorefileLoadsAndServes() {
    AgentProcess agent = start("prefetch-serve-stale");

    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(writtenCorefile(agent))
        .contains("prefetch 3 30s 20%", "serve_stale 1h verify");
    servesAsTheChartPromises(agent, softly);
    softly.assertAll();
  }

  @Test
  void extraServerBlocks_consulNamesGoToTheBlocksOwnUpstream() {
    AgentProcess agent = start("extra-server-blocks");

    SoftAssertions softly = new SoftAssertions();
    servesAsTheChartPromises(agent, softly);
    // the consul. block forwards to 169.254.169.253 (the VPC resolver stand-in), which has no
    // consul. zone: NXDOMAIN, from it and not from the node's resolver; a name per transport, so
    // that neither is answered from the cache the other filled
    for (Transport transport : Transport.values()) {
      String name = transport.name().toLowerCase(Locale.ROOT) + "." + CONSUL_SERVICE;
      node.vpcResolver().resetStats();
      node.nodeResolver().resetStats();
      Dig.Response consul = podQuery(KUBE_DNS, name, "A", transport);
      softly
          .assertThat(consul.status())
          .as("%s over %s: %s", name, transport, consul)
          .contains("NXDOMAIN");
      softly
          .assertThat(node.vpcResolver().stats().queries())
          .as("queries the consul. block's upstream received for %s", name)
          .isPositive();
      softly
          .assertThat(node.nodeResolver().stats().queries())
          .as("queries the node's resolver received for %s", name)
          .isZero();
    }
    softly.assertAll();
  }

  @Test
  void customConfig_theWholeCorefileGivenIsServed() {
    AgentProcess agent = start("custom-config");

    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(writtenCorefile(agent))
        .as("the Corefile the agent wrote")
        .doesNotContain("in-addr.arpa", "ip6.arpa");
    servesAsTheChartPromises(agent, softly);
    softly.assertAll();
  }

  @Test
  void bindIp_theLocalIpAndTheClusterIpAreBound() {
    AgentProcess agent = start("bind-ip");

    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(writtenCorefile(agent))
        .as("the Corefile the agent wrote")
        .contains("bind " + LOCAL_DNS + " " + KUBE_DNS)
        .doesNotContain("bind 0.0.0.0");
    servesAsTheChartPromises(agent, softly);
    softly.assertAll();
  }

  // the chart's promises

  enum Transport {
    UDP,
    TCP;

    String[] digOptions() {
      return this == TCP ? new String[] {"+tcp"} : new String[0];
    }
  }

  /**
   * What every one of the chart's Corefiles promises a pod: cluster and external names answered
   * over UDP and TCP through the kube-dns ClusterIP and the node-local IP; cluster names reach
   * CoreDNS over TCP only ({@code force_tcp}) and never through kube-proxy's DNAT; {@code /health}
   * on :8080 and metrics on :9253 at the pod's address (hostNetwork: the node's), where the chart's
   * liveness probe and scrape annotations ask; the Corefile the agent wrote forwards the cluster
   * zones to the ClusterIP it read from {@value #CHART_UPSTREAM_SERVICE_HOST_ENV}.
   */
  private void servesAsTheChartPromises(AgentProcess agent, SoftAssertions softly) {
    node.coreDns().resetStats();
    node.nodeResolver().resetStats();
    for (String server : List.of(KUBE_DNS, LOCAL_DNS)) {
      for (Transport transport : Transport.values()) {
        Dig.Answer cluster = podDig(server, WEB_NAME, transport);
        softly
            .assertThat(cluster.addresses())
            .as("%s via %s over %s: %s", WEB_NAME, server, transport, cluster)
            .containsExactly(WEB_IP);
        Dig.Answer external = podDig(server, EXTERNAL_NAME, transport);
        softly
            .assertThat(external.addresses())
            .as("%s via %s over %s: %s", EXTERNAL_NAME, server, transport, external)
            .containsExactly(EXTERNAL_IP_FROM_NODE_RESOLVER);
      }
    }
    UnboundStats coreDns = node.coreDns().stats();
    softly.assertThat(coreDns.udpQueries()).as("CoreDNS stand-in: %s", coreDns).isZero();
    softly.assertThat(coreDns.tcpQueries()).as("CoreDNS stand-in: %s", coreDns).isPositive();
    softly
        .assertThat(node.nodeResolver().stats().queries())
        .as("queries the node's resolver received")
        .isPositive();

    Commands.Result health = curlInNode("http://" + NODE_UPLINK_IP + ":" + HEALTH_PORT + "/health");
    softly
        .assertThat(health.stdout())
        .as("the liveness probe's /health: %s", health)
        .contains("OK");
    Commands.Result metrics =
        curlInNode("http://" + NODE_UPLINK_IP + ":" + METRICS_PORT + "/metrics");
    softly
        .assertThat(MetricsScrape.parse(metrics.stdout()).sum(REQUESTS, Map.of()))
        .as("%s scraped at :%d (%s)", REQUESTS, METRICS_PORT, metrics.command())
        .isPositive();

    softly
        .assertThat(writtenCorefile(agent))
        .as("the Corefile the agent wrote at %s", CONF)
        .doesNotContain("__PILLAR__")
        .contains("forward . " + KUBE_DNS_UPSTREAM + " {");
  }

  // helpers

  /**
   * Starts the agent as the DaemonSet does with {@code deliveryhero/<values>/Corefile.base} as the
   * ConfigMap, and waits until it serves.
   */
  private AgentProcess start(String values) {
    String base = CommunityFixtures.read("deliveryhero/" + values + "/Corefile.base");
    AgentOptions options =
        new AgentOptions(
            List.of(LOCAL_DNS, KUBE_DNS),
            Optional.empty(),
            AgentOptions.GENERIC,
            false,
            base,
            Optional.of(AgentOptions.BRIDGE));
    List<String> args = new ArrayList<>(DAEMONSET_ARGS);
    args.addAll(List.of("--link-type", AgentOptions.BRIDGE));
    return AgentProcess.start(
            node,
            options,
            AgentLauncher.ChartVolumes.of(
                SimulatedNode.ETC_NETNS.resolve(node.node()).resolve("resolv.conf")),
            run -> args,
            Map.of(CHART_UPSTREAM_SERVICE_HOST_ENV, KUBE_DNS_UPSTREAM))
        .awaitReady();
  }

  /** {@value #CONF} as the agent wrote it: in the upper layer of its {@code /etc}. */
  private static String writtenCorefile(AgentProcess agent) {
    Path written =
        agent
            .runDirectory()
            .resolve(AgentLauncher.ChartVolumes.UPPER)
            .resolve(Path.of(CONF).getFileName());
    try {
      return Files.exists(written) ? Files.readString(written) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Dig.Answer podDig(String server, String name, Transport transport) {
    return Dig.inNs(node.pod(), server, name, transport.digOptions());
  }

  private Dig.Response podQuery(String server, String name, String type, Transport transport) {
    return Dig.query(node.pod(), server, name, type, transport.digOptions());
  }

  private Commands.Result curlInNode(String url) {
    return node.inNode("curl", "-s", "--max-time", Timeouts.seconds(5), url);
  }
}
