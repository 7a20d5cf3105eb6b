package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The installer's command lines as a user types them, and how a run is reported. */
class InstallerCliTest {
  final InstallerCli cli =
      new InstallerCli(
          Path.of("/jdk/bin/java"),
          Path.of("/src/installer/target/node-local-dns.jar"),
          Path.of("/home/u/.kube/config"),
          Optional.empty(),
          "kind",
          ClusterSettings.Mode.IPVS);

  @Test
  void install() {
    assertThat(cli.install("ghcr.io/node-local-dns/node-local-dns:0.1.0", "5m"))
        .containsExactly(
            "/jdk/bin/java",
            "-jar",
            "/src/installer/target/node-local-dns.jar",
            "install",
            "--kubeconfig",
            "/home/u/.kube/config",
            "--cluster",
            "kind",
            "--mode",
            "ipvs",
            "--image",
            "ghcr.io/node-local-dns/node-local-dns:0.1.0",
            "--timeout",
            "5m");
    assertThat(cli.install("i:1", "5m", "--set", "podAnnotations.a=b"))
        .endsWith("--set", "podAnnotations.a=b");
  }

  @Test
  void uninstallWithAContext() {
    InstallerCli eks =
        new InstallerCli(
            Path.of("java"),
            Path.of("nld.jar"),
            Path.of("kc"),
            Optional.of("e2e"),
            "eks",
            ClusterSettings.Mode.IPTABLES);

    assertThat(eks.uninstall("--force"))
        .containsExactly(
            "java",
            "-jar",
            "nld.jar",
            "uninstall",
            "--kubeconfig",
            "kc",
            "--context",
            "e2e",
            "--cluster",
            "eks",
            "--force");
  }

  @Test
  void aRunKeepsTheOutputAndCheckFailsWithIt() {
    InstallerCli.Run ok = InstallerCli.run(List.of("sh", "-c", "echo out; echo err >&2"), 1);
    assertThat(ok.exit()).isZero();
    assertThat(ok.output()).contains("out\n", "err\n");
    assertThat(ok.check()).isSameAs(ok);

    InstallerCli.Run failed =
        InstallerCli.run(List.of("sh", "-c", "echo no cluster >&2; exit 3"), 1);
    assertThat(failed.exit()).isEqualTo(3);
    assertThatThrownBy(failed::check)
        .hasMessageContaining("exited 3")
        .hasMessageContaining("no cluster");
  }
}
