package io.nodelocaldns.e2e.vm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Boots the machine's kernel under qemu with a generated initramfs, runs one scenario script as
 * root in the guest, streams the guest's console line by line to a consumer (the test log), and
 * returns the script's exit code. The VM is always stopped: it powers itself off after the script;
 * on the hard timeout, or if the test thread is interrupted, the qemu process is destroyed by its
 * PID.
 */
final class VmRunner {
  /** 2 shared cores: the guest gets both, memory modest (a JVM, an agent JVM, three unbounds). */
  static final int CPUS = 2;

  static final int MEMORY_MIB = 2048;

  /** After the marker, the guest powers off at once; this only bounds a stuck power-off. */
  private static final Duration POWER_OFF_GRACE = Duration.ofSeconds(30);

  private final Path qemu;
  private final Kernel kernel;
  private final Path busybox;

  VmRunner(Path qemu, Kernel kernel, Path busybox) {
    this.qemu = qemu;
    this.kernel = kernel;
    this.busybox = busybox;
  }

  /** What the guest reported: the script's exit code, or none if it never got to report one. */
  record Outcome(OptionalInt exitCode, boolean timedOut, List<String> console) {
    /** The exit code, or an error saying why there is none (with the console's last lines). */
    int exitCodeOrThrow() {
      if (exitCode.isPresent()) {
        return exitCode.getAsInt();
      }
      List<String> tail = console.subList(Math.max(0, console.size() - 40), console.size());
      throw new AssertionError(
          (timedOut ? "the VM hit its timeout" : "the VM stopped")
              + " before the scenario reported an exit code; last console lines:\n"
              + String.join("\n", tail));
    }
  }

  /**
   * Runs {@code scenario} (a shell script's text) in a fresh VM; {@code work} is a directory the
   * guest sees at the same path (it shares the machine's root).
   */
  Outcome run(Path work, String scenario, Duration timeout, Consumer<String> log) {
    ExitMarker marker =
        new ExitMarker(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
    Path scenarioFile = work.resolve("scenario.sh");
    Path stage2 = work.resolve("stage2.sh");
    Path initrd = work.resolve("initrd.cpio");
    try {
      Files.writeString(scenarioFile, scenario, StandardCharsets.UTF_8);
      Files.writeString(
          stage2, new GuestScript(scenarioFile, marker).text(), StandardCharsets.UTF_8);
      Files.write(initrd, initramfs(stage2));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> argv = new QemuCommand(qemu, kernel.image(), initrd, MEMORY_MIB, CPUS).argv();
    log.accept("vm: " + String.join(" ", argv));
    Process process;
    try {
      process =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + qemu, e);
    }
    List<String> console = new ArrayList<>();
    AtomicReference<OptionalInt> code = new AtomicReference<>(OptionalInt.empty());
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name("vm-console")
            .start(() -> readConsole(process, marker, console, code, log));
    boolean timedOut = false;
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = code.get().isEmpty();
        if (!timedOut) {
          process.waitFor(POWER_OFF_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      reader.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stop(process, log);
    }
    synchronized (console) {
      return new Outcome(code.get(), timedOut, List.copyOf(console));
    }
  }

  private static void readConsole(
      Process process,
      ExitMarker marker,
      List<String> console,
      AtomicReference<OptionalInt> code,
      Consumer<String> log) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String clean = line.replace("\r", "");
        synchronized (console) {
          console.add(clean);
        }
        log.accept("guest| " + clean);
        OptionalInt reported = marker.parse(clean);
        if (reported.isPresent() && code.get().isEmpty()) {
          code.set(reported);
        }
      }
    } catch (IOException e) {
      log.accept("vm: console unreadable: " + e.getMessage());
    }
  }

  /** Destroys qemu by its PID if it is still there (timeout, interrupt, stuck power-off). */
  private static void stop(Process process, Consumer<String> log) {
    if (!process.isAlive()) {
      return;
    }
    log.accept("vm: destroying qemu pid " + process.pid());
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private byte[] initramfs(Path stage2) throws IOException {
    List<String> outputs = new ArrayList<>();
    for (String module : Initramfs.MODULES) {
      Process p =
          new ProcessBuilder("modprobe", "-S", kernel.version(), "--show-depends", module)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (p.waitFor() != 0) {
          throw new IllegalStateException("modprobe --show-depends " + module + ": " + out);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      outputs.add(out);
    }
    Initramfs initramfs = new Initramfs(busybox, Initramfs.parseShowDepends(outputs), stage2);
    List<byte[]> modules = new ArrayList<>();
    for (Path module : initramfs.modules()) {
      modules.add(Files.readAllBytes(module));
    }
    return initramfs.archive(Files.readAllBytes(busybox), modules).toBytes();
  }
}
