package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The packaged jar, started the way the README starts it ({@code java @jvm.options -jar ...}),
 * queried with {@code dig}, against a real unbound upstream instead of the machine's resolvers.
 */
class RuntimeJarIT {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path JAR = MODULE.resolve("target/node-local-dns-runtime.jar");
  private static final Path JVM_OPTIONS = MODULE.getParent().resolve("jvm.options");

  @TempDir Path dir;
  private UnboundServer upstream;
  private Process process;

  @BeforeEach
  void upstream() {
    UnboundServer.assumeInstalled();
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dig")), "dig not installed: apt-get install dnsutils");
    upstream = UnboundServer.builder().localZone("example.").localData("www.example. 300 IN A 192.0.2.7").start();
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
  void digIsAnsweredAndTheRepeatComesFromCache() throws Exception {
    int port = FreePorts.udpAndTcp();
    Path corefile = write("""
        .:%d {
            bind 127.0.0.1
            errors
            log
            cache 30
            forward . 127.0.0.1:%d
        }
        """.formatted(port, upstream.port()));
    process = start("-conf", corefile.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> dig(port, "www.example").contains("192.0.2.7"));
    assertThat(upstream.queries()).isEqualTo(1);

    assertThat(dig(port, "www.example")).contains("192.0.2.7");
    assertThat(dig(port, "+tcp", "www.example")).contains("192.0.2.7");
    assertThat(upstream.queries()).as("the repeats were served from the cache").isEqualTo(1);

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    String log = output(process);
    assertThat(log).contains("\"A IN www.example. udp").contains("\"A IN www.example. tcp").contains("[INFO] shutting down");
  }

  @Test
  void brokenCorefileExitsNonZeroNamingFileLineAndDirective() throws Exception {
    Path corefile = write("""
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

  private Path write(String text) throws IOException {
    Path file = dir.resolve("Corefile");
    Files.writeString(file, text);
    return file;
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "@" + JVM_OPTIONS, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("output.log").toFile()).start();
  }

  private String output(Process finished) throws IOException { // read after it ended
    return Files.readString(dir.resolve("output.log"), StandardCharsets.UTF_8);
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static String dig(int port, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", String.valueOf(port), "+short", "+tries=1", "+time=2"));
    command.addAll(List.of(args));
    Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    dig.waitFor(10, TimeUnit.SECONDS);
    return out;
  }
}
