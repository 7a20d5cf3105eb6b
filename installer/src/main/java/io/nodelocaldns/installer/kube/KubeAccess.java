package io.nodelocaldns.installer.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.UsageException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the cluster: {@code --kubeconfig} (else {@code $KUBECONFIG}, else {@code
 * ~/.kube/config}, else the in-cluster service account) and {@code --context}. Both the fabric8
 * client and Helm are pointed at the same file and context.
 */
public record KubeAccess(
    Optional<Path> kubeconfig, Optional<String> context, Map<String, String> env) {
  /** The kubeconfig file that applies, if any. */
  public Optional<Path> kubeconfigFile() {
    if (kubeconfig.isPresent()) {
      return kubeconfig;
    }
    String fromEnv = env.get("KUBECONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      // like kubectl, the first file of the list; merging several is left to kubectl
      return Optional.of(Path.of(fromEnv.split(File.pathSeparator)[0]));
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    Path standard = Path.of(home, ".kube", "config");
    return Files.isRegularFile(standard) ? Optional.of(standard) : Optional.empty();
  }

  private boolean inCluster() {
    return env.containsKey("KUBERNETES_SERVICE_HOST");
  }

  /** A fabric8 client; fails at once, with one line, when there is nothing to connect to. */
  public KubernetesClient openClient() {
    Config config;
    Optional<Path> file = kubeconfigFile();
    if (file.isPresent()) {
      if (!Files.isRegularFile(file.get())) {
        throw new UsageException(
            (kubeconfig.isPresent() ? "--kubeconfig" : "$KUBECONFIG")
                + ": \""
                + file.get()
                + "\" does not exist");
      }
      String contents;
      try {
        contents = Files.readString(file.get());
      } catch (IOException e) {
        throw new InstallerException(
            "cannot read the kubeconfig " + file.get() + ": " + e.getMessage());
      }
      if (context.isPresent()) {
        // fabric8 falls back to the current context for an unknown one; a typo must not pick a
        // cluster
        contents = KubeconfigText.withCurrentContext(contents, context.get(), file.get());
      }
      try {
        config = Config.fromKubeconfig(null, contents, file.get().toString());
      } catch (RuntimeException e) {
        // never e's message: it can quote the kubeconfig's text
        throw KubeconfigErrors.unreadable(file.get(), e);
      }
    } else if (inCluster()) {
      config = Config.autoConfigure(context.orElse(null));
    } else {
      throw new InstallerException(
          "no cluster to talk to: no --kubeconfig, no $KUBECONFIG, no ~/.kube/config and not in a pod");
    }
    // one quick try per call: a CLI should say "unreachable" in seconds, not retry for a minute
    Config quick =
        new ConfigBuilder(config)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(10_000)
            .withRequestTimeout(30_000)
            .build();
    return new KubernetesClientBuilder().withConfig(quick).build();
  }

  /**
   * The kubeconfig for Helm, with {@code --context} made current (helm-java takes a file or its
   * contents, no context); empty means Helm's own defaults.
   */
  public Optional<String> kubeconfigForHelm() {
    Optional<Path> file = kubeconfigFile();
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      String contents = Files.readString(file.get());
      if (context.isPresent()) {
        contents = KubeconfigText.withCurrentContext(contents, context.get(), file.get());
      }
      return Optional.of(contents);
    } catch (IOException e) {
      throw new InstallerException(
          "cannot read the kubeconfig " + file.get() + ": " + e.getMessage());
    }
  }
}
