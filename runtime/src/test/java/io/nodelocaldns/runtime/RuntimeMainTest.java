package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.testing.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return RuntimeMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void pillarFlagsBecomePlaceholders() {
    assertThat(
            RuntimeMain.placeholders(List.of("LOCAL__DNS=169.254.20.10", "DNS__SERVER=10.96.0.10")))
        .isEqualTo(
            Map.of(
                "__PILLAR__LOCAL__DNS__",
                "169.254.20.10",
                "__PILLAR__DNS__SERVER__",
                "10.96.0.10"));
    assertThatThrownBy(() -> RuntimeMain.placeholders(List.of("NOVALUE")))
        .hasMessageContaining("NAME=VALUE");
  }

  @Test
  void helpExplainsEveryFlag() {
    assertThat(run("-help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("-conf", "-pillar", "-version", "Exit codes");
  }

  @Test
  void badFlagsAreAUsageError() {
    assertThat(run("-pillar", "oops")).isEqualTo(RuntimeMain.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("NAME=VALUE").contains("-help");
  }

  @Test
  void aForwardingLoopEndsTheRunWithTheFatalStatus(@TempDir Path dir) throws Exception {
    int port = FreePorts.udpAndTcp();
    Path corefile =
        Files.writeString(
            dir.resolve("Corefile"),
            """
        .:%1$d {
            bind 127.0.0.1
            loop
            forward . 127.0.0.1:%1$d
        }
        """
                .formatted(port));
    assertThat(run("-conf", corefile.toString())).isEqualTo(RuntimeMain.EXIT_FATAL).isEqualTo(1);
  }

  @Test
  void anHttpAddressInUseIsAConfigError(@TempDir Path dir) throws Exception {
    int port = FreePorts.udpAndTcp();
    try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      Path corefile =
          Files.writeString(
              dir.resolve("Corefile"),
              ".:0 {\n    bind 127.0.0.1\n    health 127.0.0.1:%d\n}\n".formatted(port));
      assertThat(run("-conf", corefile.toString())).isEqualTo(RuntimeMain.EXIT_CONFIG);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("[FATAL] listen tcp 127.0.0.1:" + port + ": ");
    }
  }

  @Test
  void missingCorefileIsAConfigError() {
    assertThat(run("-conf", "/nonexistent/Corefile")).isEqualTo(RuntimeMain.EXIT_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/Corefile");
  }
}
