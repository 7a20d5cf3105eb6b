package io.nodelocaldns.e2e.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a DaemonSet's rolling update has finished, as {@code kubectl rollout status} judges it
 * (the controller saw the spec, every node runs an updated, available pod) and, stricter, every
 * agent pod is a new one and none of the old is still draining.
 */
public final class Rollout {
  private Rollout() {}

  /** Empty when done; else what is still pending, for the progress line. */
  public static Optional<String> pending(DaemonSet ds, List<Pod> agents, Set<String> oldUids) {
    if (ds == null) {
      return Optional.of("the DaemonSet is gone");
    }
    DaemonSetStatus status = ds.getStatus();
    if (status == null
        || status.getObservedGeneration() == null
        || status.getObservedGeneration() < ds.getMetadata().getGeneration()) {
      return Optional.of(
          "the controller has not seen generation " + ds.getMetadata().getGeneration());
    }
    int desired = value(status.getDesiredNumberScheduled());
    int updated = value(status.getUpdatedNumberScheduled());
    int available = value(status.getNumberAvailable());
    if (updated != desired || available != desired || value(status.getNumberUnavailable()) != 0) {
      return Optional.of(updated + "/" + desired + " updated, " + available + " available");
    }
    List<String> old =
        agents.stream()
            .filter(p -> oldUids.contains(p.getMetadata().getUid()))
            .map(p -> p.getMetadata().getName())
            .toList();
    if (!old.isEmpty()) {
      return Optional.of("old pods still there: " + old);
    }
    long terminating =
        agents.stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null).count();
    if (terminating > 0 || agents.size() != desired) {
      return Optional.of(agents.size() + " pods for " + desired + " nodes");
    }
    return Optional.empty();
  }

  private static int value(Integer n) {
    return Objects.requireNonNullElse(n, 0);
  }
}
