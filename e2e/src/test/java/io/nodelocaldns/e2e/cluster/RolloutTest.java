package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a DaemonSet's rolling update counts as finished. */
class RolloutTest {
  static DaemonSet ds(long generation, long observed, int desired, int updated, int available) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName("node-local-dns")
        .withGeneration(generation)
        .endMetadata()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withDesiredNumberScheduled(desired)
        .withUpdatedNumberScheduled(updated)
        .withNumberAvailable(available)
        .withNumberUnavailable(desired - available)
        .endStatus()
        .build();
  }

  static Pod pod(String name, String uid, boolean terminating) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withUid(uid).endMetadata();
    if (terminating) {
      b.editMetadata().withDeletionTimestamp("2026-11-23T17:00:00Z").endMetadata();
    }
    return b.build();
  }

  @Test
  void doneWhenEveryNodeRunsANewAvailablePodAndNoOldOneDrains() {
    assertThat(
            Rollout.pending(
                ds(2, 2, 2, 2, 2),
                List.of(pod("a2", "u3", false), pod("b2", "u4", false)),
                Set.of("u1", "u2")))
        .isEmpty();
  }

  @Test
  void pendingSaysWhatItWaitsFor() {
    Set<String> old = Set.of("u1", "u2");
    List<Pod> fresh = List.of(pod("a2", "u3", false), pod("b2", "u4", false));

    assertThat(Rollout.pending(ds(3, 2, 2, 2, 2), fresh, old))
        .isEqualTo(Optional.of("the controller has not seen generation 3"));
    assertThat(Rollout.pending(ds(2, 2, 2, 1, 2), fresh, old))
        .isEqualTo(Optional.of("1/2 updated, 2 available"));
    assertThat(
            Rollout.pending(
                ds(2, 2, 2, 2, 2),
                List.of(pod("a1", "u1", true), pod("a2", "u3", false), pod("b2", "u4", false)),
                old))
        .isEqualTo(Optional.of("old pods still there: [a1]"));
    assertThat(Rollout.pending(ds(2, 2, 2, 2, 2), List.of(pod("a2", "u3", false)), old))
        .isEqualTo(Optional.of("1 pods for 2 nodes"));
    assertThat(Rollout.pending(null, fresh, old)).isEqualTo(Optional.of("the DaemonSet is gone"));
  }
}
