package io.nodelocaldns.e2e.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What of node-local-dns is still in the cluster after an uninstall: the release's objects (names
 * fixed by the chart), Helm's release records, agent and probe pods, and the Node annotation the
 * installer's kubelet change keeps on Kind. Each as {@code Kind namespace/name}.
 */
public final class Leftovers {
  public static final String RELEASE = "node-local-dns";
  public static final String UPSTREAM_SERVICE = "kube-dns-upstream";
  public static final String ORIGINAL_DNS_ANNOTATION = "node-local-dns.io/original-cluster-dns";

  private Leftovers() {}

  public static List<String> find(KubernetesClient client, String namespace) {
    List<String> found = new ArrayList<>();
    add(found, client.apps().daemonSets().inNamespace(namespace).withName(RELEASE).get());
    add(found, client.configMaps().inNamespace(namespace).withName(RELEASE).get());
    add(found, client.services().inNamespace(namespace).withName(RELEASE).get());
    add(found, client.services().inNamespace(namespace).withName(UPSTREAM_SERVICE).get());
    add(found, client.serviceAccounts().inNamespace(namespace).withName(RELEASE).get());
    client
        .secrets()
        .inNamespace(namespace)
        .withLabels(Map.of("owner", "helm", "name", RELEASE))
        .list()
        .getItems()
        .forEach(s -> add(found, s));
    client
        .pods()
        .inNamespace(namespace)
        .withLabel(AgentMetrics.AGENT_LABEL, AgentMetrics.AGENT_NAME)
        .list()
        .getItems()
        .forEach(p -> add(found, p));
    client
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/name", "node-local-dns-probe")
        .list()
        .getItems()
        .forEach(p -> add(found, p));
    client.nodes().list().getItems().stream()
        .filter(
            n ->
                n.getMetadata().getAnnotations() != null
                    && n.getMetadata().getAnnotations().containsKey(ORIGINAL_DNS_ANNOTATION))
        .forEach(
            n ->
                found.add(
                    "Node "
                        + n.getMetadata().getName()
                        + " annotation "
                        + ORIGINAL_DNS_ANNOTATION));
    return found;
  }

  private static void add(List<String> found, HasMetadata object) {
    if (object != null) {
      String ns = object.getMetadata().getNamespace();
      found.add(
          object.getKind() + " " + (ns == null ? "" : ns + "/") + object.getMetadata().getName());
    }
  }
}
