package io.nodelocaldns.e2e.vm;

import java.nio.file.Path;
import java.util.List;

/**
 * The qemu command line: software emulation (no nested KVM here), the machine's root shared
 * read-only over 9p, the serial console on stdout, no disk, no network device, and no reboot (a
 * guest crash or power-off ends qemu at once).
 */
record QemuCommand(Path qemu, Path kernel, Path initrd, int memoryMiB, int cpus) {
  /** The 9p mount tag the initramfs mounts as the lower layer of the guest's root. */
  static final String ROOT_TAG = "hostroot";

  /**
   * A fixed CPU model TCG emulates fully: with {@code -cpu max} a JIT-compiled method of the agent
   * died of SIGILL (an instruction advertised but not emulated right); Nehalem has SSE4.2 and
   * POPCNT, which the JVM uses, and nothing newer.
   */
  static final String CPU = "Nehalem";

  /** Kernel messages kept to errors: the test log shows the scenario, not the boot. */
  static final String KERNEL_ARGS = "console=ttyS0 panic=-1 oops=panic quiet loglevel=3";

  List<String> argv() {
    return List.of(
        qemu.toString(),
        "-accel",
        "tcg",
        "-cpu",
        CPU,
        "-smp",
        String.valueOf(cpus),
        "-m",
        memoryMiB + "M",
        "-nodefaults",
        "-no-reboot",
        "-display",
        "none",
        "-monitor",
        "none",
        "-serial",
        "stdio",
        "-kernel",
        kernel.toString(),
        "-initrd",
        initrd.toString(),
        "-append",
        KERNEL_ARGS,
        "-virtfs",
        "local,path=/,mount_tag=" + ROOT_TAG + ",security_model=none,readonly=on,multidevs=remap");
  }
}
