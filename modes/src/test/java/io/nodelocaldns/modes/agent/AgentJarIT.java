package io.nodelocaldns.modes.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.Dig;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent jar, started as the README starts it ({@code java @jvm.options -jar ...}) in
 * {@code --mode local}, queried with {@code dig} on loopback, against a real unbound upstream.
 */
class AgentJarIT {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path JAR = MODULE.resolve("target/node-local-dns-agent.jar");
  private static final Path JVM_OPTIONS = MODULE.getParent().resolve("jvm.options");
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  @TempDir Path dir;
  private UnboundServer upstream;
  private Process process;

  @BeforeEach
  void upstream() {
    UnboundServer.assumeInstalled();
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/dig")), "dig not installed: apt-get install dnsutils");
    upstream =
        UnboundServer.builder()
            .localZone("cluster.local.")
            .localData("kubernetes.default.svc.cluster.local. 300 IN A 10.96.0.1")
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void digIsAnsweredAndSigtermExitsZeroRemovingThePidfile() throws Exception {
    int port = FreePorts.udpAndTcp();
    Path base = base(port);
    Path pidfile = dir.resolve("agent.pid");
    process =
        start(
            "--mode",
            "local",
            "-basecorefile",
            base.toString(),
            "-conf",
            dir.resolve("Corefile").toString(),
            "-kubednscm",
            dir.resolve("kube-dns").toString(),
            "-pidfile",
            pidfile.toString(),
            "-syncinterval",
            "1s");

    await()
        .atMost(GENEROUS)
        .until(
            () ->
                Dig.onLoopback(port, "kubernetes.default.svc.cluster.local").contains("10.96.0.1"));
    assertThat(Dig.onLoopback(port, "+tcp", "kubernetes.default.svc.cluster.local"))
        .contains("10.96.0.1");
    assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(process.pid()));
    assertThat(Files.readString(dir.resolve("Corefile")))
        .contains("forward . 127.0.0.1:" + upstream.port());

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s of SIGTERM").isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(pidfile).doesNotExist();
    assertThat(output()).contains("mode local, profile generic").contains("shutting down");
  }

  @Test
  void dryRunPrintsTheCorefileAndExitsZero() throws Exception {
    process =
        start(
            "--mode",
            "local",
            "--dry-run",
            "-basecorefile",
            base(53).toString(),
            "-conf",
            dir.resolve("Corefile").toString());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(output())
        .contains("cluster.local:53 {")
        .contains("forward . 127.0.0.1:" + upstream.port());
    assertThat(dir.resolve("Corefile")).doesNotExist();
  }

  @Test
  void aBrokenBaseCorefileExitsOneNamingTheLine() throws Exception {
    Path base =
        Files.writeString(
            dir.resolve("Corefile.base"),
            """
        .:1053 {
            bind 127.0.0.1
            cache {
                success -5
            }
        }
        """);
    process =
        start(
            "--mode",
            "local",
            "-basecorefile",
            base.toString(),
            "-conf",
            dir.resolve("Corefile").toString());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(output()).contains(base + ":4: cache");
  }

  @Test
  void aBadFlagExitsTwoWithOneLine() throws Exception {
    process = start("--mode", "foo");

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output().strip())
        .isEqualTo(
            "node-local-dns-agent: --mode: invalid value \"foo\" (valid: iptables, ipvs, local, auto)");
  }

  @Test
  void ipvsModeWithoutANodeLocalAddressExitsOneWithOneLine() throws Exception {
    process =
        start(
            "--mode",
            "ipvs",
            "-localip",
            "10.96.0.10",
            "--dry-run",
            "-basecorefile",
            base(53).toString(),
            "-conf",
            dir.resolve("Corefile").toString());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(output().strip())
        .isEqualTo(
            "node-local-dns-agent: -localip 10.96.0.10 holds no node-local address (expected: ipvs"
                + " mode needs one, e.g. 169.254.20.10, or fd00::10 on an IPv6 node)");
  }

  private Path base(int port) throws IOException {
    return Files.writeString(
        dir.resolve("Corefile.base"),
        """
        cluster.local:%d {
            errors
            cache 30
            reload
            bind 127.0.0.1
            forward . __PILLAR__CLUSTER__DNS__:%d {
                force_tcp
            }
        }
        """
            .formatted(port, upstream.port()));
  }

  private Process start(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of(Dig.currentJava(), "@" + JVM_OPTIONS, "-jar", JAR.toString()));
    // warm restarts in the test's directory, never the machine's /var/lib/node-local-dns
    command.addAll(List.of("--state-dir", dir.resolve("state").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.log").toFile());
    builder.environment().put("KUBE_DNS_UPSTREAM_SERVICE_HOST", "127.0.0.1");
    return builder.start();
  }

  private String output() throws IOException {
    return Files.readString(dir.resolve("output.log"), StandardCharsets.UTF_8);
  }
}
