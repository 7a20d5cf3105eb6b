package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentLauncherTest {
  private static final Path RUN = Path.of("/tmp/run");
  private static final List<String> ARGS = List.of("-localip", "169.254.20.10");
  private static final Map<String, String> POD_ENV = Map.of("KUBE_DNS_UPSTREAM_SERVICE_HOST", "x");

  @Test
  void theJarRunsOnThisJdkWithJvmOptionsThenTheExtraFlags() {
    AgentLauncher jar =
        new AgentLauncher.Jar(
            Path.of("/jdk/bin/java"), Path.of("/repo/jvm.options"), Path.of("/a.jar"));

    AgentLauncher.Launch launch =
        jar.launch(RUN, ARGS, POD_ENV, List.of("-XX:TieredStopAtLevel=1"));

    assertThat(launch.command())
        .containsExactly(
            "/jdk/bin/java",
            "@/repo/jvm.options",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            "/a.jar",
            "-localip",
            "169.254.20.10");
    assertThat(launch.environment()).isEqualTo(POD_ENV);
  }

  @Test
  void theImageRunsItsOwnEntrypointChrootedWithItsEnvThePodsAndExtraFlagsInJdkJavaOptions() {
    ImageConfig config =
        new ImageConfig(
            List.of(),
            List.of(),
            "amd64",
            List.of("java", "@/app/jvm.options", "Main"),
            List.of(),
            List.of("PATH=/opt/java/bin:/usr/bin"));
    AgentLauncher image =
        new AgentLauncher.Image(
            new ImageRootfs(Path.of("/rootfs"), config), Path.of("/usr/sbin/chroot"));

    AgentLauncher.Launch launch =
        image.launch(RUN, ARGS, POD_ENV, List.of("-XX:TieredStopAtLevel=1"));

    List<String> command = launch.command();
    assertThat(command)
        .startsWith("unshare", "--mount", "--propagation", "private", "sh", "-c")
        .containsSequence("sh", "/rootfs", "/tmp/run", "env", "-i")
        .contains(
            "PATH=/opt/java/bin:/usr/bin",
            "KUBE_DNS_UPSTREAM_SERVICE_HOST=x",
            "JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1")
        .endsWith(
            "/usr/sbin/chroot",
            "/rootfs",
            "java",
            "@/app/jvm.options",
            "Main",
            "-localip",
            "169.254.20.10");
    assertThat(launch.environment()).as("nothing of the test JVM's environment").isEmpty();
  }
}
