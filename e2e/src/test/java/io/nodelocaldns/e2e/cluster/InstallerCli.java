package io.nodelocaldns.e2e.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The installer jar run exactly as docs/install-kind.md and docs/install-eks.md tell a user to, as
 * a subprocess of the test JVM's own {@code java}; its output is printed as it comes and kept.
 */
public record InstallerCli(
    Path javaExecutable,
    Path jar,
    Path kubeconfig,
    Optional<String> context,
    String clusterType,
    ClusterSettings.Mode mode) {
  /** What a run printed (stdout and stderr interleaved) and how it exited. */
  public record Run(List<String> command, int exit, String output) {
    public Run check() {
      if (exit != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited " + exit + "; its output:\n" + output);
      }
      return this;
    }
  }

  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** {@code install --cluster T --mode M --image I --timeout D …extra}. */
  public List<String> install(String image, String timeout, String... extra) {
    List<String> args = new ArrayList<>(List.of("install"));
    args.addAll(target());
    args.addAll(List.of("--mode", mode.cliName(), "--image", image, "--timeout", timeout));
    args.addAll(List.of(extra));
    return command(args);
  }

  /** {@code uninstall --cluster T …extra}. */
  public List<String> uninstall(String... extra) {
    List<String> args = new ArrayList<>(List.of("uninstall"));
    args.addAll(target());
    args.addAll(List.of(extra));
    return command(args);
  }

  private List<String> target() {
    List<String> args = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
    context.ifPresent(c -> args.addAll(List.of("--context", c)));
    args.addAll(List.of("--cluster", clusterType));
    return args;
  }

  private List<String> command(List<String> args) {
    List<String> command =
        new ArrayList<>(List.of(javaExecutable.toString(), "-jar", jar.toString()));
    command.addAll(args);
    return command;
  }

  /** Runs {@code command}, printing each line prefixed; bounded so that a hang fails the test. */
  public static Run run(List<String> command, long boundMinutes) {
    System.out.println("cluster e2e: $ " + String.join(" ", command));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    StringBuilder output = new StringBuilder();
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      Thread reader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try (BufferedReader lines =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = lines.readLine()) != null) {
                        System.out.println("  | " + line);
                        synchronized (output) {
                          output.append(line).append('\n');
                        }
                      }
                    } catch (IOException e) {
                      // the process is gone; what was read is kept
                    }
                  });
      if (!process.waitFor(boundMinutes, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
        reader.join(5_000);
        throw new AssertionError(
            String.join(" ", command)
                + " still running after "
                + boundMinutes
                + " min; output:\n"
                + output);
      }
      reader.join(5_000);
      synchronized (output) {
        return new Run(command, process.exitValue(), output.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
