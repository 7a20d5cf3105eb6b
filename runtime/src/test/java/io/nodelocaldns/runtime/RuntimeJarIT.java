package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.Dig;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.HttpGet;
import io.nodelocaldns.runtime.testing.RuntimeJarProcess;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started the way the README starts it ({@code java @jvm.options -jar ...}),
 * queried with {@code dig}, against a real unbound upstream instead of the machine's resolvers.
 */
class RuntimeJarIT {
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  @TempDir Path dir;
  private UnboundServer upstream;
  private Process process;
  private Process other;

  @BeforeEach
  void upstream() {
    UnboundServer.assumeInstalled();
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/dig")), "dig not installed: apt-get install dnsutils");
    upstream =
        UnboundServer.builder()
            .localZone("example.")
            .localData("www.example. 300 IN A 192.0.2.7")
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    for (Process started : new Process[] {process, other}) {
      if (started != null && started.isAlive()) {
        started.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void digIsAnsweredAndTheRepeatComesFromCache() throws Exception {
    int port = FreePorts.udpAndTcp();
    Path corefile =
        write(
            """
        .:%d {
            bind 127.0.0.1
            errors
            log
            cache 30
            forward . 127.0.0.1:%d
        }
        """
                .formatted(port, upstream.port()));
    process = start("-conf", corefile.toString());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Dig.onLoopback(port, "www.example").contains("192.0.2.7"));
    assertThat(upstream.queries()).isEqualTo(1);

    assertThat(Dig.onLoopback(port, "www.example")).contains("192.0.2.7");
    assertThat(Dig.onLoopback(port, "+tcp", "www.example")).contains("192.0.2.7");
    assertThat(upstream.queries()).as("the repeats were served from the cache").isEqualTo(1);

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    String log = output(process);
    assertThat(log)
        .contains("\"A IN www.example. udp")
        .contains("\"A IN www.example. tcp")
        .contains("[INFO] shutting down");
  }

  @Test
  void brokenCorefileExitsNonZeroNamingFileLineAndDirective() throws Exception {
    Path corefile =
        write(
            """
        .:1053 {
            bind 127.0.0.1
            cache {
                success -5
            }
        }
        """);
    process = start("-conf", corefile.toString());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(output(process)).contains(corefile + ":4: cache: success").contains("-5");
  }

  @Test
  void unknownDirectiveIsNamed() throws Exception {
    Path corefile = write(".:1053 {\n    bind 127.0.0.1\n    kubernetes cluster.local\n}\n");
    process = start("-conf", corefile.toString());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(output(process)).contains(corefile + ":3").contains("kubernetes");
  }

  @Test
  void sigtermWithLameduckKeepsServingUnreadyThenExitsZero() throws Exception {
    int port = FreePorts.udpAndTcp();
    int http = FreePorts.udpAndTcp();
    Path corefile =
        write(
            """
        .:%d {
            bind 127.0.0.1
            health 127.0.0.1:%d {
                lameduck 5s
            }
            ready 127.0.0.1:%2$d
            forward . 127.0.0.1:%d
        }
        """
                .formatted(port, http, upstream.port()));
    process = start("-conf", corefile.toString());
    InetSocketAddress probes = FreePorts.loopback(http);
    await().atMost(GENEROUS).until(() -> statusOrZero(probes, "/ready") == 200);
    assertThat(HttpGet.get(probes, "/health")).isEqualTo(new HttpGet.Response(200, "OK"));

    process.destroy(); // SIGTERM
    await()
        .atMost(GENEROUS)
        .until(() -> statusOrZero(probes, "/ready") == 503 || !process.isAlive());
    assertThat(process.isAlive()).as("serving through the 5 s lameduck").isTrue();
    assertThat(Dig.onLoopback(port, "+tcp", "www.example")).contains("192.0.2.7");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s of SIGTERM").isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(output(process)).contains("[INFO] plugin/health: Going into lameduck mode for 5s");
  }

  @Test
  void aLoopBetweenTwoInstancesEndsThemWithCoreDnsFatalMessage() throws Exception {
    int first = FreePorts.udpAndTcp();
    int second = FreePorts.udpAndTcp();
    String block =
        ".:%d {\n    bind 127.0.0.1\n    cache 30\n    loop\n    forward . 127.0.0.1:%d\n}\n";
    process =
        startNamed(
            "first", "-conf", write("first.Corefile", block.formatted(first, second)).toString());
    other =
        startNamed(
            "second", "-conf", write("second.Corefile", block.formatted(second, first)).toString());

    await().atMost(GENEROUS).until(() -> !process.isAlive() || !other.isAlive());
    Process ended = process.isAlive() ? other : process;
    assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ended.exitValue()).isEqualTo(1);
    assertThat(output(ended == process ? "first" : "second"))
        .containsPattern(
            "\\[FATAL\\] plugin/loop: Loop \\(127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:\\d+\\) "
                + "detected for zone \"\\.\", see https://coredns\\.io/plugins/loop#troubleshooting\\. "
                + "Query: \"HINFO \\d+\\.\\d+\\.\"");
  }

  @Test
  void anEditedCorefileIsReloadedAndABrokenOneKeepsServing() throws Exception {
    int port = FreePorts.udpAndTcp();
    int added = FreePorts.udpAndTcp();
    String served =
        ".:%d {\n    bind 127.0.0.1\n    reload 2s\n    forward . 127.0.0.1:%d\n}\n"
            .formatted(port, upstream.port());
    Path corefile = write(served);
    process = start("-conf", corefile.toString());
    await().atMost(GENEROUS).until(() -> Dig.onLoopback(port, "www.example").contains("192.0.2.7"));

    replace(corefile, served + served.replace(":" + port + " ", ":" + added + " "));
    await()
        .atMost(GENEROUS)
        .until(() -> Dig.onLoopback(added, "www.example").contains("192.0.2.7"));

    replace(corefile, served.replace("forward", "forwrd"));
    await().atMost(GENEROUS).until(() -> output(process).contains("reload failed"));
    assertThat(Dig.onLoopback(port, "www.example")).contains("192.0.2.7");
    assertThat(output(process))
        .contains("[INFO] plugin/reload: Running configuration SHA512 = ")
        .contains("[INFO] Reloading complete")
        .contains("[ERROR] plugin/reload: Corefile changed but reload failed: " + corefile + ":4:");
  }

  private Path write(String text) throws IOException {
    return write("Corefile", text);
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** Replaces the file in one rename, so the watcher never reads half of it. */
  private void replace(Path file, String text) throws IOException {
    Path temporary = Files.writeString(dir.resolve(file.getFileName() + ".tmp"), text);
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Process start(String... args) throws IOException {
    return startNamed("output", args);
  }

  /** Starts the jar with its output in {@code <name>.log}. */
  private Process startNamed(String name, String... args) {
    return RuntimeJarProcess.start(dir.resolve(name + ".log"), args).process();
  }

  /** The log of the process started without a name; read it after it ended or while it runs. */
  private String output(Process started) throws IOException {
    return output("output");
  }

  private String output(String name) throws IOException {
    return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
  }

  private static int statusOrZero(InetSocketAddress address, String path) {
    try {
      return HttpGet.status(address, path);
    } catch (UncheckedIOException e) {
      return 0; // not listening (yet, or any more)
    }
  }
}
