package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The suite's pods: pinned, labelled, bounded; DNS as the mode needs; the debug pod's powers. */
class TestPodsTest {
  @Test
  void aQueryPodInIptablesModeUsesClusterFirst() {
    Pod pod =
        TestPods.query(
            "nld-e2e-1",
            "q",
            "kind-worker",
            "busybox:1.37",
            "true",
            Optional.empty(),
            "cluster.local");

    assertThat(pod.getMetadata().getNamespace()).isEqualTo("nld-e2e-1");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/part-of", "node-local-dns-e2e");
    assertThat(pod.getSpec().getNodeName()).isEqualTo("kind-worker");
    assertThat(pod.getSpec().getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isPositive();
    assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
    assertThat(pod.getSpec().getDnsConfig()).isNull();
    assertThat(pod.getSpec().getHostNetwork()).isNull();
    Container c = pod.getSpec().getContainers().getFirst();
    assertThat(c.getImage()).isEqualTo("busybox:1.37");
    assertThat(c.getCommand()).containsExactly("sh", "-c", "true");
    assertThat(c.getSecurityContext()).isNull();
  }

  @Test
  void aQueryPodInIpvsModeNamesTheLocalIpWithClusterFirstsSearchPath() {
    Pod pod =
        TestPods.query(
            "nld-e2e-1",
            "q",
            "n",
            "busybox:1.37",
            "true",
            Optional.of("169.254.20.10"),
            "cluster.local");

    assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("None");
    assertThat(pod.getSpec().getDnsConfig().getNameservers()).containsExactly("169.254.20.10");
    assertThat(pod.getSpec().getDnsConfig().getSearches())
        .containsExactly("nld-e2e-1.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(pod.getSpec().getDnsConfig().getOptions())
        .singleElement()
        .satisfies(o -> assertThat(o.getName() + ":" + o.getValue()).isEqualTo("ndots:5"));
  }

  @Test
  void theDebugPodSharesTheNodesNetworkPrivilegedWithItsRootAtHost() {
    Pod pod = TestPods.debug("nld-e2e-1", "d", "kind-worker", "busybox:1.37", NodeView.script());

    assertThat(pod.getSpec().getNodeName()).isEqualTo("kind-worker");
    assertThat(pod.getSpec().getHostNetwork()).isTrue();
    assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "debug");
    Container c = pod.getSpec().getContainers().getFirst();
    assertThat(c.getSecurityContext().getPrivileged()).isTrue();
    assertThat(c.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/host"));
    assertThat(pod.getSpec().getVolumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/"));
    assertThat(c.getCommand()).containsExactly("sh", "-c", NodeView.script());
  }
}
