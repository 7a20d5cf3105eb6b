package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.MetricsScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent in iptables mode with every block saying {@code bind 0.0.0.0}, as deliveryhero's chart
 * writes the Corefile by default ({@code bindIp: false}). The node's route back to the pod takes
 * the node's own address on the pod's veth (10.244.1.1) as source, not the ClusterIP or the
 * link-local address the pod asked: a UDP answer from the wildcard socket would leave from it and
 * the pod's resolver would drop it. Skipped, with a message, without root, a usable {@code ip
 * netns} or the jar.
 */
class WildcardBindIT {
  /** The wildcard, as deliveryhero's chart writes it in place of the addresses. */
  private static final String BIND_ANY = "bind 0.0.0.0";

  private static final String REQUESTS = "coredns_dns_requests_total";

  /** Sync interval 2 s, address scan 1 s; this bound only keeps a failure from hanging. */
  private static final Duration BACK_BOUND = Duration.ofSeconds(30);

  private SimulatedNode node;

  @BeforeAll
  static void machine() {
    Preconditions.assumeSimulatedNodePossible();
  }

  @BeforeEach
  void buildNode() {
    Preconditions.assumeAgentJar();
    node = SimulatedNode.create();
  }

  @AfterEach
  void tearDown() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void podQueriesOverUdpToTheClusterIpAndTheLocalIpAreAnsweredFromTheAddressAsked() {
    AgentProcess agent = start();
    assertThat(agent.writtenCorefile()).contains(BIND_ANY).doesNotContain("bind " + LOCAL_DNS);
    assertThat(node.inNode("ip", "route", "get", POD_IP).check().stdout())
        .as("the route back to the pod picks another source than the addresses the pod asks")
        .contains("src " + POD_GATEWAY);

    for (String server : List.of(KUBE_DNS, LOCAL_DNS)) {
      assertThat(podDig(server, WEB_NAME).addresses()).as("UDP to %s", server).contains(WEB_IP);
      assertThat(podDig(server, KUBERNETES_NAME).addresses())
          .as("UDP to %s", server)
          .containsExactly(KUBERNETES_IP);
      assertThat(podDig(server, KUBERNETES_NAME, "+tcp").addresses())
          .as("TCP to %s", server)
          .containsExactly(KUBERNETES_IP);
    }

    // the server label stays CoreDNS's for "bind 0.0.0.0", whichever address was asked
    MetricsScrape metrics = new NodeChecks(node).scrapeMetrics();
    assertThat(metrics.sum(REQUESTS, Map.of("server", "dns://0.0.0.0:" + DNS_PORT)))
        .isGreaterThanOrEqualTo(6);
    assertThat(metrics.samples(REQUESTS))
        .allMatch(s -> s.labels().get("server").equals("dns://0.0.0.0:" + DNS_PORT));
  }

  @Test
  void aDeletedAddressTheAgentPutsBackIsAnsweredFromAgain() {
    AgentProcess agent = start();
    node.inNode("ip", "addr", "del", KUBE_DNS + "/32", "dev", LINK).check();
    await("address back")
        .atMost(BACK_BOUND)
        .until(() -> agent.linkAddresses().contains(KUBE_DNS + "/32"));

    await("UDP answers from " + KUBE_DNS + " again")
        .atMost(BACK_BOUND)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> podDig(KUBE_DNS, KUBERNETES_NAME).answers(KUBERNETES_IP));
    assertThat(podDig(LOCAL_DNS, KUBERNETES_NAME).addresses()).containsExactly(KUBERNETES_IP);
  }

  private AgentProcess start() {
    AgentOptions options = AgentOptions.iptablesMode();
    String wildcard =
        ManifestCorefile.raw()
            .replace(
                "bind " + ManifestCorefile.LOCAL_DNS + " " + ManifestCorefile.DNS_SERVER, BIND_ANY)
            .replace(ManifestCorefile.LOCAL_DNS, LOCAL_DNS)
            .replace(ManifestCorefile.DNS_DOMAIN, CLUSTER_DOMAIN)
            .replace(ManifestCorefile.DNS_SERVER, KUBE_DNS);
    return AgentProcess.start(node, options.withBaseCorefile(wildcard)).awaitReady();
  }

  private Dig.Answer podDig(String server, String name, String... options) {
    return Dig.inNs(node.pod(), server, name, options);
  }
}
