package io.nodelocaldns.e2e.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Is there a cluster to run against? The kubeconfig as kubectl finds it (the first file of {@code
 * $KUBECONFIG}, else {@code ~/.kube/config}), and an API server that answers {@code GET /version}
 * within a few seconds. Anything else is a reason to skip, worded so that the reader knows what is
 * missing and how to get a Kind cluster.
 */
public final class ClusterProbe {
  /** How to get a cluster, appended to every reason to skip. */
  public static final String HOW_TO_GET_ONE =
      "for a local one: kind create cluster --config e2e/kind/iptables.yaml, then build and load"
          + " the image (see docs/e2e.md, \"The cluster e2e\")";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private ClusterProbe() {}

  /** The outcome: a cluster to talk to, or why not. */
  public sealed interface Result permits Reachable, Unreachable {}

  /** The kubeconfig file, its client configuration and what the API server said it runs. */
  public record Reachable(Path kubeconfig, Config config, String version) implements Result {
    public String describe() {
      String context =
          config.getCurrentContext() == null ? "?" : config.getCurrentContext().getName();
      return config.getMasterUrl()
          + " (context "
          + context
          + " of "
          + kubeconfig
          + ", Kubernetes "
          + version
          + ")";
    }

    /** A client for the suite: the same cluster, ordinary timeouts (logs, waits). */
    public KubernetesClient openClient() {
      return new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder(config).withRequestTimeout(60_000).build())
          .build();
    }
  }

  public record Unreachable(String reason) implements Result {
    public String skipMessage() {
      return "cluster e2e skipped: " + reason + "; " + HOW_TO_GET_ONE;
    }
  }

  /** Probes with the process's environment and home. */
  public static Result probe(Optional<String> context) {
    return probe(System.getenv(), System.getProperty("user.home"), context, DEFAULT_TIMEOUT);
  }

  public static Result probe(
      Map<String, String> env, String home, Optional<String> context, Duration timeout) {
    Path kubeconfig;
    String fromEnv = env.get("KUBECONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      // like kubectl: the first file of the list
      kubeconfig = Path.of(fromEnv.split(File.pathSeparator)[0]);
      if (!Files.isRegularFile(kubeconfig)) {
        return new Unreachable(
            "no cluster: $KUBECONFIG names " + kubeconfig + ", which does not exist");
      }
    } else {
      kubeconfig = Path.of(home, ".kube", "config");
      if (!Files.isRegularFile(kubeconfig)) {
        return new Unreachable(
            "no cluster: $KUBECONFIG is not set and " + kubeconfig + " does not exist");
      }
    }
    Config config;
    try {
      config = Config.fromKubeconfig(context.orElse(null), kubeconfig.toFile());
    } catch (RuntimeException e) {
      return new Unreachable("no cluster: cannot read the kubeconfig " + kubeconfig + ": " + e);
    }
    if (context.isPresent()
        && (config.getCurrentContext() == null
            || !context.get().equals(config.getCurrentContext().getName()))) {
      // fabric8 falls back to the current context; a typo must not pick another cluster
      return new Unreachable(
          "no cluster: context " + context.get() + " is not in the kubeconfig " + kubeconfig);
    }
    int millis = (int) timeout.toMillis();
    Config quick =
        new ConfigBuilder(config)
            .withConnectionTimeout(millis)
            .withRequestTimeout(millis)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(quick).build()) {
      VersionInfo info = client.getKubernetesVersion();
      String version =
          info.getGitVersion() != null
              ? info.getGitVersion()
              : "v" + info.getMajor() + "." + info.getMinor();
      return new Reachable(kubeconfig, config, version);
    } catch (RuntimeException e) {
      return new Unreachable(
          "no cluster: the API server "
              + config.getMasterUrl()
              + " (kubeconfig "
              + kubeconfig
              + ") did not answer within "
              + timeout.toSeconds()
              + " s: "
              + oneLine(e));
    }
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
