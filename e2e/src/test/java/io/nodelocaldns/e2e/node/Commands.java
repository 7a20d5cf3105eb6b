package io.nodelocaldns.e2e.node;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on the host or inside a network namespace ({@code ip netns exec NS ...}) and
 * returns what they printed; starts long-running ones with their output in a file.
 */
final class Commands {
  /**
   * Long enough for a slow iptables lock or a dig that retries; short enough to fail a hung step.
   */
  static final Duration DEFAULT_TIMEOUT = Timeouts.scaled(Duration.ofSeconds(30));

  private Commands() {}

  /** What one finished command returned. */
  record Result(List<String> command, int exit, String stdout, String stderr) {
    boolean ok() {
      return exit == 0;
    }

    /** This result, or an error naming the command and what it printed. */
    Result check() {
      if (!ok()) {
        throw new IllegalStateException(this.toString());
      }
      return this;
    }

    @Override
    public String toString() {
      return String.join(" ", command)
          + " -> exit "
          + exit
          + (stdout.isBlank() ? "" : "\nstdout: " + stdout.strip())
          + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip());
    }
  }

  /** {@code command} on the host. */
  static Result run(List<String> command) {
    return run(command, DEFAULT_TIMEOUT);
  }

  static Result run(List<String> command, Duration timeout) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(devNull()))
              .start();
      // both pipes are drained concurrently so that a chatty command cannot block on a full one
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within " + timeout);
      }
      return new Result(List.copyOf(command), process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  /** {@code command} inside network namespace {@code ns}. */
  static Result inNs(String ns, String... command) {
    return run(netnsExec(ns, List.of(command)));
  }

  /** {@code command} inside {@code ns}, failing unless it exits 0. */
  static Result checkInNs(String ns, String... command) {
    return inNs(ns, command).check();
  }

  /** {@code command} on the host, failing unless it exits 0. */
  static Result check(String... command) {
    return run(List.of(command)).check();
  }

  /**
   * Starts {@code command} in {@code ns} with {@code env} added to this JVM's environment, stdout
   * and stderr both to {@code log}. {@code ip netns exec} execs the command in place, so the
   * returned process's PID is the command's own and signals reach it directly.
   */
  static Process start(String ns, List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(netnsExec(ns, command))
            .redirectInput(ProcessBuilder.Redirect.from(devNull()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command + " in " + ns, e);
    }
  }

  static List<String> netnsExec(String ns, List<String> command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(command);
    return full;
  }

  private static File devNull() {
    return new File("/dev/null");
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    // a thread of its own per pipe: the common pool has a single thread on a 2-core machine
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("drain")
        .start(
            () -> {
              try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.complete("(output unreadable: " + e.getMessage() + ")");
              }
            });
    return text;
  }
}
