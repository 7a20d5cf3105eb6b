package io.nodelocaldns.installer.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code migrate} from the packaged jar: values on stdout, what it says on stderr, then render. */
class MigrateJarIT {
  @Test
  void migrateWritesOnlyValuesToStdoutAndRenderTakesThem() throws Exception {
    Path theirs =
        Path.of("src/test/resources/migrate/deliveryhero-chart/values.yaml").toAbsolutePath();

    InstallerJarIT.Result migrated =
        InstallerJarIT.run(
            List.of("migrate", "--from", "deliveryhero", "--values", theirs.toString()));

    assertThat(migrated.exit()).as(migrated.err()).isZero();
    assertThat(migrated.out()).doesNotContain("migrate:");
    assertThat(new YAMLMapper().readTree(migrated.out()).path("localIP").asString())
        .isEqualTo("169.254.20.25");
    assertThat(migrated.err().lines()).allMatch(l -> l.startsWith("migrate: "));

    Path ours = Files.createTempFile("ours", ".yaml");
    Files.writeString(ours, migrated.out());
    InstallerJarIT.Result rendered =
        InstallerJarIT.run(
            List.of(
                "render",
                "--values",
                ours.toString(),
                "--kube-dns-ip",
                "10.96.0.10",
                "--cluster-domain",
                "cluster.local",
                "--mode",
                "iptables",
                "--cluster",
                "generic"));
    assertThat(rendered.exit()).as(rendered.err()).isZero();
    assertThat(rendered.out()).contains("169.254.20.25,10.96.0.10");
  }
}
