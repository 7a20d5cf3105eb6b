package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's pod as {@link ImageAgentIT} imitates it, read from the chart's golden render. */
class ChartPodTest {
  @Test
  void theChartsPodKeepsThreeCapabilitiesAndWritesOnlyToItsEmptyDirs() {
    ChartPod pod = ChartPod.rendered();

    assertThat(pod.capabilities()).containsExactly("NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW");
    assertThat(pod.noNewPrivs()).isTrue();
    assertThat(pod.readOnlyRootFilesystem()).isTrue();
    assertThat(pod.seccompProfile()).contains("RuntimeDefault");
    assertThat(pod.emptyDirMounts()).containsExactlyInAnyOrder("/run/node-local-dns", "/tmp");
    // the files the agent writes are in them: ImageAgentIT's run directory stands for -conf's
    assertThat(pod.flag("-conf")).hasValueSatisfying(f -> assertThat(pod.writable(f)).isTrue());
    assertThat(pod.flag("-pidfile")).hasValueSatisfying(f -> assertThat(pod.writable(f)).isTrue());
    assertThat(pod.writable("/etc/Corefile")).isFalse();
  }

  @Test
  void aPodThatDoesNotDropAllCannotBeImitated(@TempDir Path dir) throws Exception {
    Path render =
        Files.writeString(
            dir.resolve("render.yaml"),
            """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: x}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: x}
            spec:
              template:
                spec:
                  containers:
                    - name: c
                      args: [-conf, /etc/Corefile]
                      securityContext:
                        capabilities:
                          add: [NET_ADMIN]
            """);

    ChartPod pod = ChartPod.of(render);

    assertThat(pod)
        .isEqualTo(
            new ChartPod(
                List.of(),
                List.of("NET_ADMIN"),
                true,
                false,
                Optional.empty(),
                List.of(),
                List.of("-conf", "/etc/Corefile")));
    assertThat(pod.noNewPrivs()).isFalse();
    assertThatThrownBy(pod::capabilities).hasMessageContaining("no longer drops ALL");
  }
}
