package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line when the metrics address cannot be bound: a clear message, exit 1. */
class RuntimeMainMetricsTest {
  @TempDir Path dir;

  @Test
  void aMetricsAddressInUseIsAConfigError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path corefile =
          Files.writeString(
              dir.resolve("Corefile"),
              """
          .:0 {
              bind 127.0.0.1
              prometheus 127.0.0.1:%d
          }
          """
                  .formatted(taken.getLocalPort()));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit =
          RuntimeMain.run(
              new String[] {"-conf", corefile.toString()},
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(exit).isEqualTo(RuntimeMain.EXIT_CONFIG);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .startsWith("[FATAL] listen tcp 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }
}
