package io.nodelocaldns.e2e.vm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the VM scenarios need from the machine, as JUnit assumptions: elsewhere they skip with a
 * message naming what is missing and the Debian package that brings it.
 */
final class VmPreconditions {
  static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
  static final Path BUSYBOX = Path.of("/bin/busybox");

  private VmPreconditions() {}

  /** A runner for this machine, or the test is skipped saying why. */
  static VmRunner assumeVmPossible() {
    assumeTrue(
        Files.isExecutable(QEMU),
        "VM scenarios need " + QEMU + ": apt-get install qemu-system-x86; skipped");
    Optional<Kernel> kernel = Kernel.installed();
    assumeTrue(
        kernel.isPresent(),
        "VM scenarios need a kernel in /boot with its /lib/modules: apt-get install"
            + " linux-image-amd64; skipped");
    assumeTrue(
        isStaticBusybox(),
        "VM scenarios need a static " + BUSYBOX + ": apt-get install busybox-static; skipped");
    assumeTrue(
        isRoot(),
        "VM scenarios need root (the guest shares this machine's whole root read-only): skipped");
    assumeTrue(
        onPath("modprobe"), "VM scenarios need modprobe (kmod) to find the 9p modules; skipped");
    return new VmRunner(QEMU, kernel.get(), BUSYBOX);
  }

  private static boolean isStaticBusybox() {
    if (!Files.isExecutable(BUSYBOX)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("file", "-L", BUSYBOX.toString()).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      // `file` may be missing: then trust the path, busybox-static installs it there
      return p.exitValue() != 0 || out.contains("statically linked") || out.contains("static-pie");
    } catch (IOException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean isRoot() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean onPath(String tool) {
    for (String dir :
        List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
            .filter(d -> !d.isEmpty())
            .toList()) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool))
        || Files.isExecutable(Path.of("/sbin", tool));
  }
}
