package io.nodelocaldns.e2e.vm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The guest's initramfs: busybox, the modules that reach the machine's root over 9p, and an {@code
 * /init} that mounts that root read-only under a tmpfs overlay (the guest's writes stay in its
 * memory) and {@code switch_root}s into it to run the stage-2 script. Everything installed here is
 * then in the guest; only the kernel differs.
 */
record Initramfs(Path busybox, List<Path> modules, Path stage2) {
  /** The 9p transport and overlay, in dependency order, as the vm recipe found them. */
  static final List<String> MODULES =
      List.of(
          "netfs",
          "fscache",
          "9pnet",
          "9p",
          "virtio_ring",
          "virtio",
          "virtio_pci_modern_dev",
          "virtio_pci_legacy_dev",
          "virtio_pci",
          "9pnet_virtio",
          "overlay");

  static final String MODULE_DIR = "/modules";

  Initramfs {
    modules = List.copyOf(modules);
  }

  /**
   * The module files of {@code modprobe -S <version> --show-depends m} for each module, in load
   * order, each once. Built-in modules ({@code builtin m}) need no file.
   */
  static List<Path> parseShowDepends(List<String> outputs) {
    Set<Path> files = new LinkedHashSet<>();
    for (String output : outputs) {
      for (String line : output.split("\n")) {
        String[] words = line.strip().split("\\s+");
        if (words.length >= 2 && words[0].equals("insmod")) {
          files.add(Path.of(words[1]));
        }
      }
    }
    return List.copyOf(files);
  }

  /** The {@code /init} script, run by the kernel as PID 1 with busybox as its only tool. */
  String initScript() {
    StringBuilder s = new StringBuilder();
    s.append("#!/bin/busybox sh\n");
    s.append("/bin/busybox --install -s /bin\n");
    s.append("mkdir -p /proc /sys /dev /lower /rw /newroot\n");
    s.append("mount -t proc proc /proc\n");
    s.append("mount -t devtmpfs devtmpfs /dev\n");
    s.append("exec </dev/console >/dev/console 2>&1\n");
    s.append("fail() { echo \"nld-vm init: $*\"; echo o > /proc/sysrq-trigger; sleep 60; }\n");
    for (Path module : modules) {
      String name = MODULE_DIR + "/" + module.getFileName();
      s.append("insmod ").append(name).append(" || fail insmod ").append(name).append('\n');
    }
    // cache=loose: the guest's page cache keeps what it read (the JDK, the jars) across the
    // scenario's JVMs; safe, as nothing the guest reads changes on the host while it runs
    s.append("mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose ")
        .append(QemuCommand.ROOT_TAG)
        .append(" /lower || fail mount 9p\n");
    s.append("mount -t tmpfs tmpfs /rw && mkdir /rw/upper /rw/work\n");
    s.append(
        "mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work"
            + " /newroot || fail mount overlay\n");
    s.append("mount --move /dev /newroot/dev\n");
    s.append("umount /proc\n");
    s.append("exec switch_root /newroot /bin/sh ").append(stage2).append('\n');
    return s.toString();
  }

  /** The archive: directories, busybox, {@code /dev/console}, the modules and {@code /init}. */
  Cpio archive(byte[] busyboxBytes, List<byte[]> moduleBytes) {
    if (moduleBytes.size() != modules.size()) {
      throw new IllegalArgumentException(
          moduleBytes.size() + " module contents for " + modules.size() + " modules");
    }
    Cpio cpio = new Cpio();
    for (String dir : List.of("bin", "dev", "proc", "sys", "lower", "rw", "newroot", "modules")) {
      cpio.add(Cpio.Entry.directory(dir));
    }
    // the kernel opens it for PID 1 before /init runs
    cpio.add(Cpio.Entry.charDevice("dev/console", 0600, 5, 1));
    cpio.add(Cpio.Entry.file("bin/busybox", 0755, busyboxBytes));
    List<Path> names = new ArrayList<>(modules);
    for (int i = 0; i < names.size(); i++) {
      cpio.add(
          Cpio.Entry.file(
              MODULE_DIR.substring(1) + "/" + names.get(i).getFileName(),
              0644,
              moduleBytes.get(i)));
    }
    cpio.add(Cpio.Entry.file("init", 0755, initScript().getBytes(StandardCharsets.UTF_8)));
    return cpio;
  }
}
