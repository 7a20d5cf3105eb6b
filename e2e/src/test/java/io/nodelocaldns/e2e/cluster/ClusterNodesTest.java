package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node the suite's pods go to, and the cluster type the provider IDs tell. */
class ClusterNodesTest {
  static Node node(String name, String providerId, boolean controlPlane, boolean ready) {
    NodeBuilder b =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withProviderID(providerId)
            .endSpec()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .endStatus();
    if (controlPlane) {
      b.editMetadata().addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata();
    }
    return b.build();
  }

  @Test
  void theFirstReadyWorkerByName() {
    List<Node> nodes =
        List.of(
            node("kind-control-plane", "kind://docker/kind/kind-control-plane", true, true),
            node("kind-worker2", "kind://docker/kind/kind-worker2", false, true),
            node("kind-worker", "kind://docker/kind/kind-worker", false, false),
            node("kind-worker3", "kind://docker/kind/kind-worker3", false, true));

    assertThat(ClusterNodes.choose(nodes)).isEqualTo("kind-worker2");
  }

  @Test
  void aControlPlaneOnlyClusterUsesItsControlPlane() {
    assertThat(ClusterNodes.choose(List.of(node("kind-control-plane", null, true, true))))
        .isEqualTo("kind-control-plane");
    assertThatThrownBy(() -> ClusterNodes.choose(List.of(node("a", null, false, false))))
        .hasMessage("no ready node among [a]");
  }

  @Test
  void clusterTypeFromProviderIds() {
    assertThat(
            ClusterNodes.typeOf(
                List.of(node("kind-worker", "kind://docker/kind/kind-worker", false, true))))
        .isEqualTo("kind");
    assertThat(
            ClusterNodes.typeOf(
                List.of(
                    node(
                        "ip-10-0-1-10.us-west-2.compute.internal",
                        "aws:///us-west-2a/i-0abc",
                        false,
                        true),
                    node(
                        "ip-10-0-2-20.us-west-2.compute.internal",
                        "aws:///us-west-2b/i-0def",
                        false,
                        true))))
        .isEqualTo("eks");
    assertThat(ClusterNodes.typeOf(List.of(node("a", null, false, true)))).isEqualTo("generic");
  }
}
