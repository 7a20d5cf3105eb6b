package io.nodelocaldns.installer.jar;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.installer.chart.HelmChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The packaged jar as a user runs it: {@code java -jar installer/target/node-local-dns.jar …}, with
 * no kubeconfig (HOME is a fresh directory) so nothing can reach a cluster.
 */
class InstallerJarIT {
  static final Path JAR = Path.of("target/node-local-dns.jar").toAbsolutePath();

  record Result(int exit, String out, String err) {}

  static Result run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    Path home = Files.createTempDirectory("nld-home");
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    builder.environment().remove("KUBERNETES_SERVICE_HOST");
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the jar exits").isTrue();
    return new Result(process.exitValue(), out.join(), err.join());
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void version() throws Exception {
    Result r = run(List.of("version"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("node-local-dns installer ").contains("\nchart node-local-dns ");
    assertThat(r.out()).doesNotContain("installer dev");
  }

  @Test
  void help() throws Exception {
    Result r = run(List.of("--help"));

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "install",
            "uninstall",
            "render",
            "status",
            "doctor",
            "version",
            "(default: kube-system)");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void renderOfflinePrintsOnlyManifestsOnStdout() throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "render",
                "--kube-dns-ip",
                "10.96.0.10",
                "--cluster-domain",
                "cluster.local",
                "--mode",
                "iptables",
                "--cluster",
                "kind"));

    Result r = run(args);

    assertThat(r.exit()).as(r.err()).isZero();
    YAMLMapper yaml = new YAMLMapper();
    List<JsonNode> docs = HelmChart.documents(r.out()).stream().map(yaml::readTree).toList();
    assertThat(docs).isNotEmpty().allMatch(d -> d.has("kind") && d.has("apiVersion"));
    JsonNode ds =
        docs.stream()
            .filter(d -> d.path("kind").asString().equals("DaemonSet"))
            .findFirst()
            .orElseThrow();
    assertThat(ds.toString()).contains("169.254.20.10,10.96.0.10");
    // stderr: notes only, never a manifest or a log record
    assertThat(r.err().lines().toList())
        .isNotEmpty()
        .allMatch(l -> l.startsWith("render: ") || l.startsWith("note: "));
  }

  @Test
  void renderWithABadIpNamesTheFlag() throws Exception {
    Result r = run(List.of("render", "--kube-dns-ip", "nope"));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo("node-local-dns render: --kube-dns-ip: \"nope\" is not an IP address\n");
  }

  @Test
  void renderWithoutAClusterNamesTheMissingFlags() throws Exception {
    Result r = run(List.of("render", "--mode", "ipvs"));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains("to render without a cluster pass --kube-dns-ip, --cluster-domain, --cluster")
        .doesNotContain("\tat ");
  }
}
