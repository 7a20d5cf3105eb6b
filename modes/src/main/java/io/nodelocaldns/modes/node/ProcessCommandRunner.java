package io.nodelocaldns.modes.node;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Runs commands as real processes, killing any that outlives the timeout. */
public final class ProcessCommandRunner implements CommandRunner {
  /** Long enough for {@code iptables -w} to wait out a busy xtables lock. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The exit code reported for a command killed by the timeout (as {@code timeout(1)} does). */
  public static final int TIMED_OUT = 124;

  /** Commands read nothing: an inherited stdin could make one wait for input forever. */
  private static final ProcessBuilder.Redirect NO_INPUT =
      ProcessBuilder.Redirect.from(new File("/dev/null"));

  private static final Executor READERS =
      task -> Thread.ofVirtual().name("command-output").start(task);

  private final Duration timeout;

  public ProcessCommandRunner(Duration timeout) {
    this.timeout = timeout;
  }

  public ProcessCommandRunner() {
    this(DEFAULT_TIMEOUT);
  }

  @Override
  public CommandResult run(List<String> argv) {
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectInput(NO_INPUT).start();
    } catch (IOException e) {
      return new CommandResult(
          CommandResult.NOT_STARTED, "", "cannot run " + argv.getFirst() + ": " + e.getMessage());
    }
    // Read both streams at once so a chatty command cannot block on a full pipe; blocking reads
    // belong on threads of their own, not in the common pool.
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> read(process.getInputStream()), READERS);
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), READERS);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new CommandResult(TIMED_OUT, "", "timed out after " + timeout.toSeconds() + "s");
      }
      return new CommandResult(process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new CommandResult(TIMED_OUT, "", "interrupted");
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
