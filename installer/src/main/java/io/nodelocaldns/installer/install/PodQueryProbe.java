package io.nodelocaldns.installer.install;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.discovery.KubeErrors;
import io.nodelocaldns.installer.kube.Pause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A short-lived pod pinned to the node ({@code nodeName}, tolerating every taint) with {@code
 * dnsPolicy: ClusterFirst} that runs {@code nslookup}; its exit status and log are the answer. The
 * pod is deleted afterwards whatever happened. A pod is used (not an exec in the agent, which is
 * hostNetwork) so that the query takes the same path as any application's.
 */
public final class PodQueryProbe implements QueryProbe {
  public static final String DEFAULT_IMAGE = "busybox:1.37";
  private static final int DEADLINE_SECONDS = 120;
  private static final int MAX_LOG = 400;

  private final KubernetesClient client;
  private final String namespace;
  private final String image;
  private final Pause pause;
  private final Duration poll;
  private final Supplier<String> suffix;

  public PodQueryProbe(
      KubernetesClient client,
      String namespace,
      String image,
      Pause pause,
      Duration poll,
      Supplier<String> suffix) {
    this.client = client;
    this.namespace = namespace;
    this.image = image;
    this.pause = pause;
    this.poll = poll;
    this.suffix = suffix;
  }

  @Override
  public Answer query(String node, String name, Optional<String> server) {
    String podName = "node-local-dns-probe-" + suffix.get();
    List<String> command = new ArrayList<>(List.of("nslookup", name));
    server.ifPresent(command::add);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/name", "node-local-dns-probe")
            .addToLabels("app.kubernetes.io/managed-by", "node-local-dns-installer")
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .withDnsPolicy("ClusterFirst")
            .withRestartPolicy("Never")
            .withActiveDeadlineSeconds((long) DEADLINE_SECONDS)
            .withAutomountServiceAccountToken(false)
            .addNewToleration()
            .withOperator("Exists")
            .endToleration()
            .addNewContainer()
            .withName("nslookup")
            .withImage(image)
            .withCommand(command)
            .endContainer()
            .endSpec()
            .build();
    try {
      client.pods().inNamespace(namespace).resource(pod).create();
    } catch (KubernetesClientException e) {
      throw new InstallerException(
          "cannot create the probe pod "
              + namespace
              + "/"
              + podName
              + ": "
              + KubeErrors.oneLine(e));
    }
    try {
      String phase = awaitEnd(podName);
      String log = log(podName);
      if (phase == null) {
        return new Answer(
            false,
            "the probe pod "
                + podName
                + " did not finish in "
                + DEADLINE_SECONDS
                + "s (image "
                + image
                + " pullable? pass --probe-image)");
      }
      return new Answer("Succeeded".equals(phase), log);
    } finally {
      try {
        client.pods().inNamespace(namespace).withName(podName).withGracePeriod(0).delete();
      } catch (KubernetesClientException ignored) {
        // the pod has an active deadline; a leftover ends on its own
      }
    }
  }

  private String awaitEnd(String podName) {
    long polls = Duration.ofSeconds(DEADLINE_SECONDS).toMillis() / Math.max(1, poll.toMillis());
    for (long i = 0; i <= polls; i++) {
      Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
      String phase = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        return phase;
      }
      try {
        pause.sleep(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private String log(String podName) {
    try {
      String log = client.pods().inNamespace(namespace).withName(podName).getLog();
      String text = log == null ? "" : log.strip();
      // enough to see nslookup's complaint, not a wall of text in a one-line error
      return text.length() > MAX_LOG ? text.substring(0, MAX_LOG) + " …" : text;
    } catch (KubernetesClientException e) {
      return "(no log: " + KubeErrors.oneLine(e) + ")";
    }
  }
}
