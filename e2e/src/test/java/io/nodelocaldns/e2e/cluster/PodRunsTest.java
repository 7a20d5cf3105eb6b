package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Running the suite's pods against an API server (fabric8's mock, scripted). */
@EnableKubernetesMockClient
class PodRunsTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  static final String PODS = "/api/v1/namespaces/nld-e2e-1/pods";
  final Pod pod =
      TestPods.query(
          "nld-e2e-1",
          "q",
          "kind-worker",
          "busybox:1.37",
          "true",
          Optional.empty(),
          "cluster.local");

  @BeforeEach
  void reset() {
    server.clearExpectations();
  }

  static Pod inPhase(Pod pod, String phase) {
    return new PodBuilder(pod).withNewStatus().withPhase(phase).endStatus().build();
  }

  @Test
  void runCreatesWaitsReadsTheLogAndDeletes() throws Exception {
    server.expect().post().withPath(PODS).andReturn(201, pod).once();
    server.expect().get().withPath(PODS + "/q").andReturn(200, inPhase(pod, "Pending")).once();
    server.expect().get().withPath(PODS + "/q").andReturn(200, inPhase(pod, "Running")).once();
    server.expect().get().withPath(PODS + "/q").andReturn(200, inPhase(pod, "Succeeded")).always();
    server
        .expect()
        .get()
        .withPath(PODS + "/q/log?pretty=false")
        .andReturn(200, "nld-query done\n")
        .always();
    server.expect().delete().withPath(PODS + "/q").andReturn(200, pod).once();

    PodRuns.Ended ended =
        new PodRuns(client, Duration.ofMillis(10), Duration.ofMinutes(1)).run(pod);

    assertThat(ended.succeeded()).isTrue();
    assertThat(ended.log()).isEqualTo("nld-query done\n");
    assertThat(server.getLastRequest().getMethod()).isEqualTo("DELETE");
  }

  @Test
  void aPodThatNeverEndsFailsWithWhyItWaits() throws Exception {
    Pod stuck =
        new PodBuilder(pod)
            .withNewStatus()
            .withPhase("Pending")
            .addNewContainerStatus()
            .withName("query")
            .withNewState()
            .withNewWaiting()
            .withReason("ImagePullBackOff")
            .withMessage("Back-off pulling image \"busybox:1.37\"")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    server.expect().post().withPath(PODS).andReturn(201, pod).once();
    server.expect().get().withPath(PODS + "/q").andReturn(200, stuck).always();
    server.expect().delete().withPath(PODS + "/q").andReturn(200, pod).once();

    assertThatThrownBy(
            () -> new PodRuns(client, Duration.ofMillis(10), Duration.ofMillis(200)).run(pod))
        .hasMessageContaining("pod q did not end within PT0.2S")
        .hasMessageContaining("query waiting: ImagePullBackOff Back-off pulling image");
    assertThat(server.getLastRequest().getMethod()).isEqualTo("DELETE");
  }

  @Test
  void awaitLogReturnsOnceTheRunningPodPrintedEnough() {
    server
        .expect()
        .get()
        .withPath(PODS + "/q/log?pretty=false")
        .andReturn(200, "nld-query ok 1 a\n")
        .once();
    server
        .expect()
        .get()
        .withPath(PODS + "/q/log?pretty=false")
        .andReturn(200, "nld-query ok 1 a\nnld-query ok 2 a\n")
        .always();
    server.expect().get().withPath(PODS + "/q").andReturn(200, inPhase(pod, "Running")).always();

    String log =
        new PodRuns(client, Duration.ofMillis(10), Duration.ofMinutes(1))
            .awaitLog(pod, l -> QueryLog.parse(l).ok() >= 2, "2 lookups");

    assertThat(QueryLog.parse(log).ok()).isEqualTo(2);
  }

  @Test
  void awaitLogFailsWhenThePodEndsFirst() {
    server
        .expect()
        .get()
        .withPath(PODS + "/q/log?pretty=false")
        .andReturn(200, "nld-query FAIL 1 a x\n")
        .always();
    server.expect().get().withPath(PODS + "/q").andReturn(200, inPhase(pod, "Failed")).always();

    assertThatThrownBy(
            () ->
                new PodRuns(client, Duration.ofMillis(10), Duration.ofMinutes(1))
                    .awaitLog(pod, l -> QueryLog.parse(l).ok() >= 2, "2 lookups"))
        .hasMessageContaining("pod q ended (Failed) before 2 lookups")
        .hasMessageContaining("nld-query FAIL 1 a x");
  }
}
