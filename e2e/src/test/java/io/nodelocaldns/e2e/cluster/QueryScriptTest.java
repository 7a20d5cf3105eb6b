package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test pods' script, run here by {@code sh} with a stand-in {@code nslookup} that answers every
 * name but {@code broken.example}: what it prints is what {@link QueryLog} counts.
 */
class QueryScriptTest {
  @TempDir Path dir;

  private String run(QueryScript script) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path nslookup = bin.resolve("nslookup");
    Files.writeString(
        nslookup,
        """
        #!/bin/sh
        [ "$1" = "-type=a" ] || { echo "usage: $*"; exit 2; }
        echo "Server:		10.96.0.10"
        if [ "$2" = broken.example ]; then
          echo ";; connection timed out; no servers could be reached"
          exit 1
        fi
        echo "Name:	$2"
        echo "Address: 192.0.2.7"
        """);
    Files.setPosixFilePermissions(nslookup, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path resolvConf =
        Files.writeString(
            dir.resolve("resolv.conf"),
            "search default.svc.cluster.local svc.cluster.local cluster.local\n"
                + "nameserver 169.254.20.10\noptions ndots:5\n");
    String text = script.text().replace("/etc/resolv.conf", resolvConf.toString());
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", text).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void everyRoundLooksUpEveryNameAndSaysWhichFailed() throws Exception {
    String out =
        run(
            new QueryScript(
                List.of("kubernetes.default.svc.cluster.local", "broken.example"),
                3,
                Duration.ZERO));

    QueryLog log = QueryLog.parse(out);
    assertThat(log.ok()).as(out).isEqualTo(3);
    assertThat(log.failures())
        .containsExactly(
            "round 1 broken.example: Server: 10.96.0.10 ;; connection timed out; no servers could be reached",
            "round 2 broken.example: Server: 10.96.0.10 ;; connection timed out; no servers could be reached",
            "round 3 broken.example: Server: 10.96.0.10 ;; connection timed out; no servers could be reached");
    assertThat(log.nameservers()).containsExactly("169.254.20.10");
    assertThat(log.done()).isTrue();
    // the first round's answers are kept as evidence
    assertThat(out).contains("nld-out kubernetes.default.svc.cluster.local: Address: 192.0.2.7");
  }

  @Test
  void aLoopPausesBetweenRounds() throws Exception {
    String text = new QueryScript(List.of("a.example"), 2, Duration.ofMillis(200)).text();

    assertThat(text).contains("  sleep 0.2\n");
    assertThat(
            QueryLog.parse(run(new QueryScript(List.of("a.example"), 2, Duration.ofMillis(200))))
                .ok())
        .isEqualTo(2);
  }

  @Test
  void onlyPlainNamesGoIntoTheScript() {
    assertThatThrownBy(() -> new QueryScript(List.of("x; reboot"), 1, Duration.ZERO))
        .hasMessageContaining("not a DNS name");
  }
}
