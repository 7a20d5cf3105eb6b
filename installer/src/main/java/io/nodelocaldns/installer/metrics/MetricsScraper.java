package io.nodelocaldns.installer.metrics;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Reads an agent pod's {@code /metrics} through the API server's pod proxy, so no port-forward and
 * no route to the node are needed.
 */
public final class MetricsScraper {
  public static final int DEFAULT_PORT = 9253;
  private final KubernetesClient client;
  private final int port;

  public MetricsScraper(KubernetesClient client, int port) {
    this.client = client;
    this.port = port;
  }

  /** Empty when the pod does not answer (not ready, port closed, proxy forbidden). */
  public Optional<PrometheusText> scrape(String namespace, String pod) {
    try {
      String text =
          client.raw(
              "/api/v1/namespaces/" + namespace + "/pods/" + pod + ":" + port + "/proxy/metrics");
      return Optional.ofNullable(text).map(PrometheusText::parse);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }
}
