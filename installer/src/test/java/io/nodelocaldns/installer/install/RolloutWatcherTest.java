package io.nodelocaldns.installer.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nodelocaldns.installer.InstallerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RolloutWatcherTest {
  static KubernetesClient client;

  @Test
  void aRolloutThatDoesNotFinishSaysWhyPerNode() {
    client
        .apps()
        .daemonSets()
        .inNamespace("kube-system")
        .resource(
            new DaemonSetBuilder()
                .withNewMetadata()
                .withName("node-local-dns")
                .withNamespace("kube-system")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "nld")
                .endSelector()
                .endSpec()
                .withNewStatus()
                .withDesiredNumberScheduled(2)
                .withUpdatedNumberScheduled(2)
                .withNumberReady(1)
                .endStatus()
                .build())
        .create();
    pod("nld-a", "node-a", true, null);
    pod("nld-b", "node-b", false, "ImagePullBackOff");
    List<String> progress = new ArrayList<>();
    List<Duration> sleeps = new ArrayList<>();

    RolloutWatcher watcher =
        new RolloutWatcher(client, sleeps::add, Duration.ofSeconds(2), progress::add);

    assertThatThrownBy(() -> watcher.await("kube-system", "node-local-dns", Duration.ofSeconds(10)))
        .isInstanceOf(InstallerException.class)
        .hasMessage(
            "the rollout of DaemonSet kube-system/node-local-dns did not finish in 10s: 1/2 nodes ready; waiting:"
                + " node-b (ImagePullBackOff: Back-off pulling image \"nope:1\"); see kubectl -n kube-system describe"
                + " pods -l app=nld (or raise --timeout)");
    // each node is reported once, not once per poll
    assertThat(progress)
        .containsExactly(
            "node node-a: ready (1/2)",
            "node node-b: waiting (ImagePullBackOff: Back-off pulling image \"nope:1\")");
    assertThat(sleeps).hasSize(5).allMatch(d -> d.equals(Duration.ofSeconds(2)));
  }

  private static void pod(String name, String node, boolean ready, String waiting) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("kube-system")
            .addToLabels("app", "nld")
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .endSpec();
    var status =
        pod.withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition();
    if (waiting != null) {
      status
          .addNewContainerStatus()
          .withName("node-cache")
          .withNewState()
          .withNewWaiting()
          .withReason(waiting)
          .withMessage("Back-off pulling image \"nope:1\"")
          .endWaiting()
          .endState()
          .endContainerStatus();
    }
    client.pods().inNamespace("kube-system").resource(status.endStatus().build()).create();
  }
}
