package io.nodelocaldns.installer.install;

import io.nodelocaldns.installer.InstallerException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The container runtime CLI that runs Kind's node containers ({@code docker}, else {@code podman}),
 * found on {@code PATH}; Kind names each node container after its node.
 */
public final class ContainerRuntime {
  private static final long TIMEOUT_SECONDS = 120;
  private final Path executable;

  ContainerRuntime(Path executable) {
    this.executable = executable;
  }

  /** The first of {@code preferred}, docker, podman found on {@code env}'s PATH. */
  public static Optional<ContainerRuntime> detect(
      Map<String, String> env, Optional<String> preferred) {
    List<String> names = new ArrayList<>();
    preferred.ifPresent(names::add);
    names.add("docker");
    names.add("podman");
    String path = env.getOrDefault("PATH", "");
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(new ContainerRuntime(candidate));
        }
      }
    }
    return Optional.empty();
  }

  public String name() {
    return executable.getFileName().toString();
  }

  /** Runs {@code <runtime> args…}, feeding {@code stdin}; its stdout, or a one-line failure. */
  public String run(Optional<String> stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    String shown = name() + " " + String.join(" ", args);
    try {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<byte[]> out =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        if (stdin.isPresent()) {
          in.write(stdin.get().getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new InstallerException(shown + ": no answer in " + TIMEOUT_SECONDS + "s");
      }
      String stdout = new String(out.join(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
        throw new InstallerException(
            shown
                + ": exit "
                + process.exitValue()
                + (stderr.isEmpty() ? "" : ": " + stderr.lines().findFirst().orElse("")));
      }
      return stdout;
    } catch (IOException e) {
      throw new InstallerException(shown + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InstallerException(shown + ": interrupted");
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
