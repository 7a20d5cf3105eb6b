package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the suite runs and when it skips, and what the skip says. */
@EnableKubernetesMockClient
class ClusterProbeTest {
  static KubernetesMockServer server;

  @TempDir Path home;

  private static final Duration QUICK = Duration.ofSeconds(2);

  private Path kubeconfig(String name, String url) throws IOException {
    return Files.writeString(
        home.resolve(name),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        contexts:
        - name: kind-kind
          context:
            cluster: c
            user: u
        - name: other
          context:
            cluster: c
            user: u
        current-context: kind-kind
        users:
        - name: u
          user:
            token: t
        """
            .formatted(url));
  }

  private static String skip(ClusterProbe.Result result) {
    assertThat(result).isInstanceOf(ClusterProbe.Unreachable.class);
    return ((ClusterProbe.Unreachable) result).skipMessage();
  }

  @Test
  void noKubeconfigAnywhere() {
    String message = skip(ClusterProbe.probe(Map.of(), home.toString(), Optional.empty(), QUICK));

    assertThat(message)
        .isEqualTo(
            "cluster e2e skipped: no cluster: $KUBECONFIG is not set and "
                + home.resolve(".kube/config")
                + " does not exist; for a local one: kind create cluster --config"
                + " e2e/kind/iptables.yaml, then build and load the image (see docs/e2e.md, \"The"
                + " cluster e2e\")");
  }

  @Test
  void kubeconfigNamedButMissing() {
    String missing = home.resolve("nope").toString();

    assertThat(
            skip(
                ClusterProbe.probe(
                    Map.of("KUBECONFIG", missing + ":/other"),
                    home.toString(),
                    Optional.empty(),
                    QUICK)))
        .startsWith(
            "cluster e2e skipped: no cluster: $KUBECONFIG names "
                + missing
                + ", which does not exist;")
        .contains("docs/e2e.md");
  }

  @Test
  void apiServerThatDoesNotAnswer() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Path file = kubeconfig("config", "https://127.0.0.1:" + closed);

    assertThat(
            skip(
                ClusterProbe.probe(
                    Map.of("KUBECONFIG", file.toString()),
                    home.toString(),
                    Optional.empty(),
                    QUICK)))
        .startsWith(
            "cluster e2e skipped: no cluster: the API server https://127.0.0.1:"
                + closed
                + "/ (kubeconfig "
                + file
                + ") did not answer within 2 s: ")
        .endsWith("(see docs/e2e.md, \"The cluster e2e\")");
  }

  @Test
  void anUnknownContextIsNotTakenForTheCurrentOne() throws IOException {
    Path file = kubeconfig("config", server.url("/"));

    assertThat(
            skip(
                ClusterProbe.probe(
                    Map.of("KUBECONFIG", file.toString()),
                    home.toString(),
                    Optional.of("typo"),
                    QUICK)))
        .startsWith(
            "cluster e2e skipped: no cluster: context typo is not in the kubeconfig " + file);
  }

  @Test
  void aClusterThatAnswersFromHomeKubeconfig() throws IOException {
    // the mock server answers GET /version itself
    Files.createDirectories(home.resolve(".kube"));
    Path file = kubeconfig(".kube/config", server.url("/"));

    ClusterProbe.Result result =
        ClusterProbe.probe(Map.of(), home.toString(), Optional.of("other"), QUICK);

    assertThat(result).isInstanceOf(ClusterProbe.Reachable.class);
    ClusterProbe.Reachable reachable = (ClusterProbe.Reachable) result;
    assertThat(reachable.kubeconfig()).isEqualTo(file);
    assertThat(reachable.version()).startsWith("v");
    assertThat(reachable.describe())
        .isEqualTo(
            server.url("/").replaceAll("/$", "")
                + "/ (context other of "
                + file
                + ", Kubernetes "
                + reachable.version()
                + ")");
  }
}
