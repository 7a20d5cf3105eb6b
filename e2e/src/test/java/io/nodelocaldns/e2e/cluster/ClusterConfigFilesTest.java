package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The files the cluster e2e is run from parse, and say what docs/e2e.md says they do: the Kind
 * configs' kube-proxy modes and nodes, the eksctl config, and the two workflows (no actionlint
 * here: it is in no package this build can install).
 */
class ClusterConfigFilesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final YAMLMapper YAML = new YAMLMapper();
  static final List<String> KIND_MODES = List.of("iptables", "ipvs", "nftables");

  static JsonNode read(String path) throws Exception {
    return YAML.readTree(Files.readString(ROOT.resolve(path)));
  }

  static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
  }

  /** Every step's {@code run} script and {@code uses}/{@code with} of the workflow's jobs. */
  static List<JsonNode> steps(JsonNode workflow) {
    List<JsonNode> steps = new ArrayList<>();
    workflow.get("jobs").forEach(job -> job.get("steps").forEach(steps::add));
    return steps;
  }

  static String runs(JsonNode workflow) {
    return String.join(
        "\n",
        steps(workflow).stream()
            .filter(s -> s.has("run"))
            .map(s -> s.get("run").asString())
            .toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "ipvs", "nftables"})
  void kindConfigSetsItsKubeProxyModeOnOneControlPlaneAndTwoWorkers(String mode) throws Exception {
    JsonNode config = read("e2e/kind/" + mode + ".yaml");

    assertThat(config.get("kind").asString()).isEqualTo("Cluster");
    assertThat(config.get("apiVersion").asString()).isEqualTo("kind.x-k8s.io/v1alpha4");
    assertThat(config.get("networking").get("kubeProxyMode").asString()).isEqualTo(mode);
    assertThat(
            StreamSupport.stream(config.get("nodes").spliterator(), false)
                .map(n -> n.get("role").asString()))
        .containsExactly("control-plane", "worker", "worker");
  }

  @Test
  void eksConfigIsASmallAmd64ManagedNodeGroupThatLeavesClusterDnsAlone() throws Exception {
    JsonNode config = read("e2e/eks/cluster.yaml");

    assertThat(config.get("apiVersion").asString()).isEqualTo("eksctl.io/v1alpha5");
    assertThat(config.get("kind").asString()).isEqualTo("ClusterConfig");
    // the workflow rewrites these two lines per run
    assertThat(Files.readString(ROOT.resolve("e2e/eks/cluster.yaml")))
        .contains("\n  name: nld-e2e\n", "\n  region: us-west-2\n");
    JsonNode groups = config.get("managedNodeGroups");
    assertThat(groups).hasSize(1);
    JsonNode amd64 = groups.get(0);
    assertThat(amd64.get("instanceType").asString()).isEqualTo("t3.medium");
    assertThat(amd64.get("maxSize").asInt()).isLessThanOrEqualTo(3);
    // the suite checks that new pods get kube-dns again after the uninstall
    assertThat(amd64.has("clusterDNS")).isFalse();
  }

  @Test
  void kindWorkflowRunsTheSuiteOnEveryPushForEachModeWithTheBuiltImage() throws Exception {
    JsonNode workflow = read(".github/workflows/e2e-kind.yml");

    assertThat(workflow.get("on").has("push")).isTrue();
    JsonNode job = workflow.get("jobs").get("kind");
    assertThat(texts(job.get("strategy").get("matrix").get("mode"))).isEqualTo(KIND_MODES);
    for (String mode : KIND_MODES) {
      assertThat(ROOT.resolve("e2e/kind/" + mode + ".yaml")).isRegularFile();
    }
    JsonNode java =
        steps(workflow).stream()
            .filter(
                s -> s.has("uses") && s.get("uses").asString().startsWith("actions/setup-java@"))
            .findFirst()
            .orElseThrow()
            .get("with");
    assertThat(java.get("distribution").asString()).isEqualTo("temurin");
    assertThat(java.get("java-version").asString()).isEqualTo("25");
    assertThat(steps(workflow))
        .anySatisfy(
            s ->
                assertThat(s.path("with").path("config").asString())
                    .isEqualTo("e2e/kind/${{ matrix.mode }}.yaml"));
    assertThat(runs(workflow))
        .contains(
            "apt-get install -y -q --no-install-recommends debootstrap debian-archive-keyring",
            // the runner is not root: the base is built by sudo first, from Debian's mirror
            "sudo env",
            "NLD_DEBIAN_MIRROR=http://deb.debian.org/debian",
            "image/build-base.sh modes/target/node-local-dns-agent.jar",
            "./mvnw -B -Pimage -DskipTests install",
            "kind load image-archive modes/target/node-local-dns-image.tar",
            "./mvnw -B -Pcluster-e2e -pl e2e verify -Dnld.image=\"$IMAGE\"");
    assertThat(job.get("env").get("IMAGE").asString()).isEqualTo(ClusterSettings.DEFAULT_IMAGE);
    assertThat(steps(workflow))
        .anySatisfy(
            s -> {
              assertThat(s.path("uses").asString()).startsWith("actions/upload-artifact@");
              assertThat(s.path("if").asString()).isEqualTo("failure()");
              assertThat(s.path("with").path("path").asString())
                  .contains("e2e/target/failsafe-reports/");
            });
  }

  @Test
  void eksWorkflowIsManualUsesOidcAndAlwaysDeletesTheCluster() throws Exception {
    JsonNode workflow = read(".github/workflows/e2e-eks.yml");

    assertThat(workflow.get("on").propertyNames()).containsExactly("workflow_dispatch");
    assertThat(workflow.get("permissions").get("id-token").asString()).isEqualTo("write");
    assertThat(steps(workflow))
        .anySatisfy(
            s -> {
              assertThat(s.path("uses").asString())
                  .startsWith("aws-actions/configure-aws-credentials@");
              assertThat(s.path("with").path("role-to-assume").asString())
                  .isEqualTo("${{ secrets.AWS_E2E_ROLE_ARN }}");
            });
    assertThat(runs(workflow))
        .contains(
            "eksctl create cluster -f \"$RUNNER_TEMP/cluster.yaml\"",
            "e2e/eks/cluster.yaml",
            "crane push modes/target/node-local-dns-image.tar \"$image\"",
            "./mvnw -B -Pcluster-e2e -pl e2e verify -Dnld.image=\"$IMAGE\"");
    JsonNode delete =
        steps(workflow).stream()
            .filter(s -> s.path("run").asString().contains("eksctl delete cluster"))
            .findFirst()
            .orElseThrow();
    assertThat(delete.get("if").asString()).isEqualTo("always()");
  }
}
