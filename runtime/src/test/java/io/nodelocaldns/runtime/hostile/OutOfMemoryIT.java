package io.nodelocaldns.runtime.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.testing.Dig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What jvm.options makes of running out of memory: the JVM sends itself SIGTERM, so the agent shuts
 * down through its ordinary SIGTERM path, teardown included, instead of vanishing and leaving the
 * node's rules pointing at nothing.
 */
class OutOfMemoryIT {
  private static final Path JVM_OPTIONS =
      Path.of("").toAbsolutePath().getParent().resolve("jvm.options");

  @TempDir Path dir;

  @Test
  void runningOutOfMemoryDeliversSigtermToTheProcess() throws Exception {
    Path marker = dir.resolve("sigterm");
    Process victim =
        new ProcessBuilder(
                List.of(
                    Dig.currentJava(),
                    "@" + JVM_OPTIONS,
                    "-cp",
                    System.getProperty("java.class.path"),
                    OutOfMemoryVictim.class.getName(),
                    marker.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("victim.log").toFile())
            .start();
    try {
      assertThat(victim.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();

      assertThat(victim.exitValue()).as(Files.readString(dir.resolve("victim.log"))).isZero();
      assertThat(marker).hasContent("SIGTERM");
    } finally {
      victim.destroyForcibly();
    }
  }
}
