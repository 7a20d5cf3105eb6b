package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What of a release is left after an uninstall, read from the API (mock server, CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class LeftoversTest {
  static KubernetesClient client;

  @BeforeEach
  void empty() {
    client.apps().daemonSets().inNamespace("kube-system").delete();
    client.services().inNamespace("kube-system").delete();
    client.configMaps().inNamespace("kube-system").delete();
    client.secrets().inNamespace("kube-system").delete();
    client.nodes().delete();
  }

  @Test
  void aCleanClusterHasNone() {
    // kube-dns itself and unrelated objects are not ours
    client
        .services()
        .inNamespace("kube-system")
        .resource(new ServiceBuilder().withNewMetadata().withName("kube-dns").endMetadata().build())
        .create();
    client
        .secrets()
        .inNamespace("kube-system")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.other.v1")
                .addToLabels("owner", "helm")
                .addToLabels("name", "other")
                .endMetadata()
                .build())
        .create();
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("kind-worker").endMetadata().build())
        .create();

    assertThat(Leftovers.find(client, "kube-system")).isEmpty();
  }

  @Test
  void releaseObjectsHelmRecordsAndTheNodeAnnotationAreNamed() {
    client
        .apps()
        .daemonSets()
        .inNamespace("kube-system")
        .resource(
            new DaemonSetBuilder()
                .withNewMetadata()
                .withName("node-local-dns")
                .endMetadata()
                .build())
        .create();
    client
        .configMaps()
        .inNamespace("kube-system")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("node-local-dns")
                .endMetadata()
                .build())
        .create();
    client
        .services()
        .inNamespace("kube-system")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("kube-dns-upstream")
                .endMetadata()
                .build())
        .create();
    client
        .secrets()
        .inNamespace("kube-system")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.node-local-dns.v2")
                .addToLabels("owner", "helm")
                .addToLabels("name", "node-local-dns")
                .endMetadata()
                .build())
        .create();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("kind-worker")
                .addToAnnotations("node-local-dns.io/original-cluster-dns", "10.96.0.10")
                .endMetadata()
                .build())
        .create();

    assertThat(Leftovers.find(client, "kube-system"))
        .containsExactly(
            "DaemonSet kube-system/node-local-dns",
            "ConfigMap kube-system/node-local-dns",
            "Service kube-system/kube-dns-upstream",
            "Secret kube-system/sh.helm.release.v1.node-local-dns.v2",
            "Node kind-worker annotation node-local-dns.io/original-cluster-dns");
  }
}
