package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One node's agent, found among the DaemonSet's pods and scraped through the pod proxy. */
@EnableKubernetesMockClient
class AgentMetricsTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  static final String AGENTS =
      "/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dnode-local-dns";

  @BeforeEach
  void reset() {
    server.clearExpectations();
  }

  static Pod agent(String name, String node, String phase, boolean terminating) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("kube-system")
            .addToLabels("k8s-app", "node-local-dns")
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .endStatus();
    if (terminating) {
      b.editMetadata().withDeletionTimestamp("2026-11-23T17:00:00Z").endMetadata();
    }
    return b.build();
  }

  static String metrics(int requests, int hits) {
    return """
        # TYPE coredns_dns_requests_total counter
        coredns_dns_requests_total{family="1",proto="udp",server="dns://10.96.0.10:53",type="A",view="",zone="cluster.local."} %d
        coredns_dns_requests_total{family="1",proto="udp",server="dns://10.96.0.10:53",type="A",view="",zone="."} 1
        coredns_dns_requests_total{family="1",proto="udp",server="dns://169.254.20.10:53",type="A",view="",zone="."} 1000
        # TYPE coredns_cache_hits_total counter
        coredns_cache_hits_total{server="dns://10.96.0.10:53",type="success",view="",zones="cluster.local."} %d
        coredns_cache_hits_total{server="dns://10.96.0.10:53",type="denial",view="",zones="."} 1
        coredns_cache_hits_total{server="dns://169.254.20.10:53",type="success",view="",zones="."} 500
        """
        .formatted(requests, hits);
  }

  @Test
  void scrapesTheRunningAgentOnThatNodeOnly() {
    server
        .expect()
        .get()
        .withPath(AGENTS)
        .andReturn(
            200,
            new PodListBuilder()
                .addToItems(
                    agent("node-local-dns-old", "kind-worker", "Running", true),
                    agent("node-local-dns-a", "kind-worker", "Running", false),
                    agent("node-local-dns-b", "kind-worker2", "Running", false))
                .build())
        .always();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/kube-system/pods/node-local-dns-a:9253/proxy/metrics")
        .andReturn(200, metrics(10, 4))
        .once();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/kube-system/pods/node-local-dns-a:9253/proxy/metrics")
        .andReturn(200, metrics(17, 9))
        .once();
    AgentMetrics agentMetrics = new AgentMetrics(client, "kube-system");

    AgentMetrics.Counters before =
        AgentMetrics.Counters.of(agentMetrics.scrape("kind-worker"), "10.96.0.10");
    AgentMetrics.Counters after =
        AgentMetrics.Counters.of(agentMetrics.scrape("kind-worker"), "10.96.0.10");

    assertThat(before).isEqualTo(new AgentMetrics.Counters(11, 5));
    assertThat(after.minus(before)).isEqualTo(new AgentMetrics.Counters(7, 5));
  }

  @Test
  void noRunningAgentOnTheNodeIsSaid() {
    server
        .expect()
        .get()
        .withPath(AGENTS)
        .andReturn(
            200,
            new PodListBuilder()
                .addToItems(agent("node-local-dns-b", "kind-worker2", "Pending", false))
                .build())
        .always();

    assertThatThrownBy(() -> new AgentMetrics(client, "kube-system").scrape("kind-worker2"))
        .hasMessage("expected one running agent pod on kind-worker2, found []");
  }

  @Test
  void countersOfAnAddressTheAgentDoesNotServeAreZero() {
    assertThat(AgentMetrics.Counters.of(MetricsScrape.parse(metrics(1, 1)), "10.0.0.1"))
        .isEqualTo(new AgentMetrics.Counters(0, 0));
  }
}
