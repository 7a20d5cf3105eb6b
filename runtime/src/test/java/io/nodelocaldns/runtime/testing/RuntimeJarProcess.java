package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged runtime jar started as the README starts it ({@code java @jvm.options -jar ...}),
 * with its output in a log file; stopped by its PID. For tests that need the real process: its exit
 * code, its memory and file descriptors under the JVM flags nodes run with.
 */
public final class RuntimeJarProcess implements AutoCloseable {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path JAR = MODULE.resolve("target/node-local-dns-runtime.jar");
  private static final Path JVM_OPTIONS = MODULE.getParent().resolve("jvm.options");

  private final Process process;
  private final Path log;

  private RuntimeJarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the jar with {@code args}, its output in {@code log}. */
  public static RuntimeJarProcess start(Path log, String... args) {
    return start(List.of(), log, args);
  }

  /**
   * Starts the jar inside the network namespace {@code namespace} ({@code ip netns exec}, which
   * execs: the PID is the JVM's).
   */
  public static RuntimeJarProcess startInNamespace(String namespace, Path log, String... args) {
    return start(List.of("ip", "netns", "exec", namespace), log, args);
  }

  private static RuntimeJarProcess start(List<String> prefix, Path log, String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Dig.currentJava(), "@" + JVM_OPTIONS, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new RuntimeJarProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What it printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Its resident memory now, in bytes ({@code VmRSS} of {@code /proc/PID/status}). */
  public long residentBytes() {
    try {
      return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
              .filter(line -> line.startsWith("VmRSS:"))
              .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElseThrow()
          * 1024;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its open file descriptors now ({@code /proc/PID/fd}). */
  public long openFiles() {
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(process.pid()), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops it by its PID: SIGTERM, then SIGKILL if it lingers. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
