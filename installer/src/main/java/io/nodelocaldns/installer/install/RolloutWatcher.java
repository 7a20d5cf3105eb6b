package io.nodelocaldns.installer.install;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.kube.Pause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Waits for a DaemonSet rollout by polling, and says so per node as each node's pod becomes ready
 * ({@code node kind-worker: ready (1/3)}) or reports why it is waiting (image pull, crash loop).
 */
public final class RolloutWatcher {
  private final KubernetesClient client;
  private final Pause pause;
  private final Duration poll;
  private final Consumer<String> progress;

  public RolloutWatcher(
      KubernetesClient client, Pause pause, Duration poll, Consumer<String> progress) {
    this.client = client;
    this.pause = pause;
    this.poll = poll;
    this.progress = progress;
  }

  /** The nodes with a ready pod, in the order they became ready. */
  public List<String> await(String namespace, String name, Duration timeout) {
    long polls = Math.max(1, timeout.toMillis() / Math.max(1, poll.toMillis()));
    Set<String> readyNodes = new LinkedHashSet<>();
    Map<String, String> reported = new HashMap<>();
    int desired = 0;
    for (long i = 0; i <= polls; i++) {
      DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(name).get();
      if (ds == null) {
        throw new InstallerException(
            "DaemonSet " + namespace + "/" + name + " is not in the cluster after the install");
      }
      DaemonSetStatus status = ds.getStatus();
      long generation = nz(ds.getMetadata().getGeneration());
      boolean observed = status != null && nz(status.getObservedGeneration()) >= generation;
      desired = status == null ? 0 : ni(status.getDesiredNumberScheduled());
      List<Pod> pods =
          client
              .pods()
              .inNamespace(namespace)
              .withLabels(ds.getSpec().getSelector().getMatchLabels())
              .list()
              .getItems();
      for (Pod pod : pods) {
        String node = pod.getSpec().getNodeName();
        if (node == null
            || pod.getMetadata().getDeletionTimestamp() != null
            || !current(pod, generation)) {
          continue;
        }
        if (AgentDaemonSet.ready(pod)) {
          if (readyNodes.add(node)) {
            progress.accept(
                "node "
                    + node
                    + ": ready ("
                    + readyNodes.size()
                    + "/"
                    + Math.max(desired, readyNodes.size())
                    + ")");
          }
        } else {
          String why = waitingReason(pod);
          if (why != null && !why.equals(reported.put(node, why))) {
            progress.accept("node " + node + ": waiting (" + why + ")");
          }
        }
      }
      int updated = status == null ? 0 : ni(status.getUpdatedNumberScheduled());
      if (observed && desired > 0 && updated >= desired && readyNodes.size() >= desired) {
        return List.copyOf(readyNodes);
      }
      if (observed && desired == 0 && i > 0) {
        throw new InstallerException(
            "DaemonSet "
                + namespace
                + "/"
                + name
                + " schedules no pod on any node: check its nodeSelector, tolerations and affinity values");
      }
      if (i < polls) {
        try {
          pause.sleep(poll);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InstallerException("interrupted while waiting for the rollout");
        }
      }
    }
    List<String> waiting = new ArrayList<>();
    reported.forEach(
        (node, why) -> {
          if (!readyNodes.contains(node)) waiting.add(node + " (" + why + ")");
        });
    throw new InstallerException(
        "the rollout of DaemonSet "
            + namespace
            + "/"
            + name
            + " did not finish in "
            + timeout.toSeconds()
            + "s: "
            + readyNodes.size()
            + "/"
            + desired
            + " nodes ready"
            + (waiting.isEmpty() ? "" : "; waiting: " + String.join(", ", waiting))
            + "; see kubectl -n "
            + namespace
            + " describe pods -l "
            + selector(client, namespace, name)
            + " (or raise --timeout)");
  }

  /** A pod of the DaemonSet's current template (the controller labels it with the generation). */
  private static boolean current(Pod pod, long generation) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String podGeneration = labels == null ? null : labels.get("pod-template-generation");
    return podGeneration == null || Objects.equals(podGeneration, Long.toString(generation));
  }

  private static String waitingReason(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
      if (c.getState() != null
          && c.getState().getWaiting() != null
          && c.getState().getWaiting().getReason() != null) {
        String message = c.getState().getWaiting().getMessage();
        return c.getState().getWaiting().getReason()
            + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
      }
    }
    return null;
  }

  private String selector(KubernetesClient client, String namespace, String name) {
    DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(name).get();
    if (ds == null || ds.getSpec().getSelector().getMatchLabels() == null) {
      return "app.kubernetes.io/name=node-local-dns";
    }
    return String.join(
        ",",
        ds.getSpec().getSelector().getMatchLabels().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .toList());
  }

  private static long nz(Long value) {
    return value == null ? 0 : value;
  }

  private static int ni(Integer value) {
    return value == null ? 0 : value;
  }
}
