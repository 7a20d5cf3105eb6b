package io.nodelocaldns.e2e.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs the suite's pods: create, wait for the end (or for the log to say enough), read the log,
 * delete. Waits are bounds on polling, never assertions on time.
 */
public final class PodRuns {
  private final KubernetesClient client;
  private final Duration poll;
  private final Duration bound;

  public PodRuns(KubernetesClient client, Duration poll, Duration bound) {
    this.client = client;
    this.poll = poll;
    this.bound = bound;
  }

  /** How a pod ended and what it printed. */
  public record Ended(String phase, String log) {
    public boolean succeeded() {
      return "Succeeded".equals(phase);
    }
  }

  /**
   * Creates the pod, waits until it has ended, returns its log, and deletes it whatever happens.
   */
  public Ended run(Pod pod) {
    start(pod);
    try {
      String phase = awaitEnd(pod);
      return new Ended(phase, log(pod));
    } finally {
      delete(pod);
    }
  }

  public void start(Pod pod) {
    client.pods().inNamespace(namespace(pod)).resource(pod).create();
  }

  /** Polls the running pod's log until {@code enough} holds; the last log read. */
  public String awaitLog(Pod pod, Predicate<String> enough, String what) {
    long deadline = System.nanoTime() + bound.toNanos();
    String log = "";
    while (System.nanoTime() < deadline) {
      log = Optional.ofNullable(logOrNull(pod)).orElse("");
      if (enough.test(log)) {
        return log;
      }
      String phase = phase(pod);
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        log = log(pod);
        if (enough.test(log)) {
          return log;
        }
        throw new AssertionError(
            "pod " + name(pod) + " ended (" + phase + ") before " + what + "; log:\n" + log);
      }
      sleep();
    }
    throw new AssertionError(
        "pod " + name(pod) + ": no " + what + " within " + bound + " (" + describe(pod) + ")");
  }

  /** The pod's phase once it has ended; fails, saying where it stands, past the bound. */
  public String awaitEnd(Pod pod) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      String phase = phase(pod);
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        return phase;
      }
      sleep();
    }
    throw new AssertionError(
        "pod " + name(pod) + " did not end within " + bound + " (" + describe(pod) + ")");
  }

  public String log(Pod pod) {
    String log = logOrNull(pod);
    return log == null ? "" : log;
  }

  public void delete(Pod pod) {
    try {
      client.pods().inNamespace(namespace(pod)).withName(name(pod)).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      // the namespace goes at the end, and the pod has an active deadline
      System.out.println("cluster e2e: could not delete pod " + name(pod) + ": " + e.getMessage());
    }
  }

  private String logOrNull(Pod pod) {
    try {
      return client.pods().inNamespace(namespace(pod)).withName(name(pod)).getLog();
    } catch (KubernetesClientException e) {
      return null; // not started yet
    }
  }

  private String phase(Pod pod) {
    Pod now = client.pods().inNamespace(namespace(pod)).withName(name(pod)).get();
    return now == null || now.getStatus() == null ? null : now.getStatus().getPhase();
  }

  /** Phase and container states, so that a pull error or a pending pod says so. */
  private String describe(Pod pod) {
    Pod now = client.pods().inNamespace(namespace(pod)).withName(name(pod)).get();
    if (now == null) {
      return "gone";
    }
    if (now.getStatus() == null) {
      return "no status";
    }
    StringBuilder text = new StringBuilder("phase " + now.getStatus().getPhase());
    now.getStatus()
        .getContainerStatuses()
        .forEach(
            c -> {
              if (c.getState() != null && c.getState().getWaiting() != null) {
                text.append(", ")
                    .append(c.getName())
                    .append(" waiting: ")
                    .append(c.getState().getWaiting().getReason())
                    .append(" ")
                    .append(Optional.ofNullable(c.getState().getWaiting().getMessage()).orElse(""));
              }
            });
    return text.toString();
  }

  private void sleep() {
    try {
      Thread.sleep(poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String namespace(Pod pod) {
    return pod.getMetadata().getNamespace();
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }
}
