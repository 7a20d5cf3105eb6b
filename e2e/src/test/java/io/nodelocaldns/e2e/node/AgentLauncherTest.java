package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLauncherTest {
  private static final Path RUN = Path.of("/tmp/run");
  private static final List<String> ARGS = List.of("-localip", "169.254.20.10");
  private static final Map<String, String> POD_ENV = Map.of("KUBE_DNS_UPSTREAM_SERVICE_HOST", "x");
  private static final ChartPod POD =
      new ChartPod(
          List.of("ALL"),
          List.of("NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW"),
          false,
          true,
          Optional.of("RuntimeDefault"),
          List.of("/run/node-local-dns", "/tmp"),
          List.of(
              "-conf",
              "/run/node-local-dns/Corefile",
              "-pidfile",
              "/tmp/node-cache.pid",
              "--state-dir",
              "/var/lib/node-local-dns"));

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
  void theChartsVolumesOverlayEtcInAMountNamespaceThenTheJarRunsWithTheGivenArgs() {
    AgentLauncher volumes =
        new AgentLauncher.ChartVolumes(
            new AgentLauncher.Jar(
                Path.of("/jdk/bin/java"), Path.of("/repo/jvm.options"), Path.of("/a.jar")),
            Path.of("/etc/netns/nld-1-node/resolv.conf"));

    AgentLauncher.Launch launch = volumes.launch(RUN, ARGS, POD_ENV, List.of());

    assertThat(launch.command())
        .startsWith("unshare", "--mount", "--propagation", "private", "sh", "-c")
        .containsSequence("sh", "/tmp/run", "/etc/netns/nld-1-node/resolv.conf", "/jdk/bin/java")
        .endsWith("-jar", "/a.jar", "-localip", "169.254.20.10");
    assertThat(launch.environment()).isEqualTo(POD_ENV);
    assertThat(AgentLauncher.ChartVolumes.MOUNTS)
        .contains("cp \"$run/Corefile.base\" \"$run/etc/coredns/Corefile.base\"")
        .contains("lowerdir=/etc,upperdir=$run/etc,")
        .contains("mount --bind \"$resolv\" /etc/resolv.conf");
  }

  @Test
  void theChartsVolumesRefuseARunDirectoryOverlayfsOptionsCannotHold() {
    AgentLauncher volumes =
        new AgentLauncher.ChartVolumes(
            new AgentLauncher.Jar(Path.of("java"), Path.of("jvm.options"), Path.of("a.jar")),
            Path.of("/resolv.conf"));

    assertThatThrownBy(() -> volumes.launch(Path.of("/tmp/a,b"), ARGS, POD_ENV, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/tmp/a,b");
  }

  @Test
  void theImageRunsItsOwnEntrypointChrootedWithItsEnvThePodsAndExtraFlagsInJdkJavaOptions(
      @TempDir Path rootfs) throws IOException {
    Files.createDirectories(rootfs.resolve("opt/java/bin"));
    Files.writeString(rootfs.resolve("opt/java/bin/java"), "");
    ImageConfig config =
        new ImageConfig(
            List.of(),
            List.of(),
            "amd64",
            List.of("java", "@/app/jvm.options", "Main"),
            List.of(),
            List.of("PATH=/usr/local/bin:/opt/java/bin:/usr/bin"));
    AgentLauncher image =
        new AgentLauncher.Image(
            new ImageRootfs(rootfs, config), POD, Path.of("/usr/sbin/capsh"), 40);

    AgentLauncher.Launch launch =
        image.launch(RUN, ARGS, POD_ENV, List.of("-XX:TieredStopAtLevel=1"));

    List<String> command = launch.command();
    assertThat(command)
        .startsWith("unshare", "--mount", "--propagation", "private", "sh", "-c")
        .containsSequence(
            "sh",
            rootfs.toString(),
            "/tmp/run",
            "/run/node-local-dns /tmp",
            "true",
            "/tmp/state",
            "/var/lib/node-local-dns",
            "env",
            "-i")
        .contains(
            "PATH=/usr/local/bin:/opt/java/bin:/usr/bin",
            "KUBE_DNS_UPSTREAM_SERVICE_HOST=x",
            "JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1")
        .endsWith(
            "/usr/sbin/capsh",
            "--chroot=" + rootfs,
            "--drop=" + Capabilities.dropAllBut(POD.capabilities(), 40),
            "--inh=",
            "--no-new-privs",
            "--shell=/opt/java/bin/java",
            "--",
            "@/app/jvm.options",
            "Main",
            "-localip",
            "169.254.20.10");
    assertThat(launch.environment()).as("nothing of the test JVM's environment").isEmpty();
  }

  @Test
  void theImageWritesItsCorefilePidfileAndStateWhereTheChartsPodDoes(@TempDir Path rootfs)
      throws IOException {
    Files.createDirectories(rootfs.resolve("bin"));
    Files.writeString(rootfs.resolve("bin/java"), "");
    ImageConfig config =
        new ImageConfig(
            List.of(), List.of(), "amd64", List.of("java"), List.of(), List.of("PATH=/bin"));
    AgentLauncher.Image image =
        new AgentLauncher.Image(new ImageRootfs(rootfs, config), POD, Path.of("/sbin/capsh"), 40);

    assertThat(
            image.chartPaths(
                List.of(
                    "-localip",
                    "169.254.20.10",
                    "-conf",
                    "/tmp/run/Corefile",
                    "-pidfile",
                    "/tmp/run/pid",
                    "-basecorefile",
                    "/tmp/run/Corefile.base",
                    "--state-dir",
                    "/tmp/state")))
        .containsExactly(
            "-localip",
            "169.254.20.10",
            "-conf",
            "/run/node-local-dns/Corefile",
            "-pidfile",
            "/tmp/node-cache.pid",
            "-basecorefile",
            "/tmp/run/Corefile.base",
            "--state-dir",
            "/var/lib/node-local-dns");
    assertThat(image.chartPaths(ARGS)).isEqualTo(ARGS);
  }

  @Test
  void theMountsMakeTheRootReadOnlyOnlyWhenThePodAsksForIt(@TempDir Path rootfs)
      throws IOException {
    Files.createDirectories(rootfs.resolve("bin"));
    Files.writeString(rootfs.resolve("bin/agent"), "");
    ImageConfig config =
        new ImageConfig(
            List.of(), List.of(), "amd64", List.of("agent"), List.of(), List.of("PATH=/bin"));
    ChartPod writableRoot =
        new ChartPod(
            List.of("ALL"),
            List.of("NET_ADMIN"),
            true,
            false,
            Optional.empty(),
            List.of(),
            List.of());

    List<String> command =
        new AgentLauncher.Image(
                new ImageRootfs(rootfs, config), writableRoot, Path.of("/sbin/capsh"), 40)
            .launch(RUN, ARGS, Map.of(), List.of())
            .command();

    assertThat(command).containsSequence("/tmp/run", "", "false", "/tmp/state", "", "env", "-i");
    assertThat(command).doesNotContain("--no-new-privs").contains("--shell=/bin/agent");
    assertThat(AgentLauncher.Image.MOUNTS)
        .contains("if [ \"$readonly\" = true ]; then")
        .contains("mount -o remount,bind,ro \"$root\"");
  }

  @Test
  void theNodesStateDirectoryIsMountedWhereTheChartsHostPathIs(@TempDir Path rootfs)
      throws IOException {
    Files.createDirectories(rootfs.resolve("bin"));
    Files.writeString(rootfs.resolve("bin/java"), "");
    ImageConfig config =
        new ImageConfig(
            List.of(), List.of(), "amd64", List.of("java"), List.of(), List.of("PATH=/bin"));

    List<String> command =
        new AgentLauncher.Image(new ImageRootfs(rootfs, config), POD, Path.of("/sbin/capsh"), 40)
            .launch(RUN, ARGS, Map.of(), List.of())
            .command();

    assertThat(command).containsSequence("/tmp/state", "/var/lib/node-local-dns", "env", "-i");
    assertThat(AgentLauncher.Image.MOUNTS)
        .contains("mkdir -p \"$state\" \"$root$statepath\"")
        .contains("mount --bind \"$state\" \"$root$statepath\"");
  }
}
