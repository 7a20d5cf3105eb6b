package io.nodelocaldns.e2e.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import java.util.List;
import java.util.Map;

/**
 * One node's agent metrics, scraped as Prometheus would but through the API server's pod proxy
 * ({@code /api/v1/namespaces/NS/pods/POD:9253/proxy/metrics}): no port-forward, no route to the
 * node needed, and it is exactly that node's agent that answers.
 */
public final class AgentMetrics {
  public static final String AGENT_LABEL = "k8s-app";
  public static final String AGENT_NAME = "node-local-dns";
  public static final int PORT = 9253;
  public static final String REQUESTS = "coredns_dns_requests_total";
  public static final String HITS = "coredns_cache_hits_total";

  private final KubernetesClient client;
  private final String namespace;

  public AgentMetrics(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The agent pods, one per node when the DaemonSet is settled. */
  public List<Pod> agents() {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(AGENT_LABEL, AGENT_NAME)
        .list()
        .getItems();
  }

  /** The running, not terminating agent pod on {@code node}; fails when there is not one. */
  public Pod agentOn(String node) {
    List<Pod> pods =
        agents().stream()
            .filter(p -> node.equals(p.getSpec().getNodeName()))
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
            .toList();
    if (pods.size() != 1) {
      throw new AssertionError(
          "expected one running agent pod on "
              + node
              + ", found "
              + pods.stream().map(p -> p.getMetadata().getName()).toList());
    }
    return pods.getFirst();
  }

  public MetricsScrape scrape(String node) {
    String pod = agentOn(node).getMetadata().getName();
    String text =
        client.raw(
            "/api/v1/namespaces/" + namespace + "/pods/" + pod + ":" + PORT + "/proxy/metrics");
    if (text == null) {
      throw new AssertionError("no /metrics from " + pod + " on " + node);
    }
    return MetricsScrape.parse(text);
  }

  /** The counters one server address ({@code server="dns://IP:53"}) shows. */
  public record Counters(double requests, double hits) {
    public static Counters of(MetricsScrape scrape, String serverIp) {
      Map<String, String> server = Map.of("server", "dns://" + serverIp + ":53");
      return new Counters(scrape.sum(REQUESTS, server), scrape.sum(HITS, server));
    }

    public Counters minus(Counters before) {
      return new Counters(requests - before.requests, hits - before.hits);
    }
  }
}
