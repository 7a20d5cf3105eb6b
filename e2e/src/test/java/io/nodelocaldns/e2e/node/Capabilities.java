package io.nodelocaldns.e2e.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Linux capabilities by their Kubernetes names ({@code NET_ADMIN}), as {@code capsh} names them
 * ({@code cap_net_admin}) and as the bit masks of {@code /proc/PID/status}.
 */
final class Capabilities {
  /** Linux's capabilities in bit order (capability.h), 0 to 40. */
  static final List<String> ALL =
      List.of(
          "CHOWN",
          "DAC_OVERRIDE",
          "DAC_READ_SEARCH",
          "FOWNER",
          "FSETID",
          "KILL",
          "SETGID",
          "SETUID",
          "SETPCAP",
          "LINUX_IMMUTABLE",
          "NET_BIND_SERVICE",
          "NET_BROADCAST",
          "NET_ADMIN",
          "NET_RAW",
          "IPC_LOCK",
          "IPC_OWNER",
          "SYS_MODULE",
          "SYS_RAWIO",
          "SYS_CHROOT",
          "SYS_PTRACE",
          "SYS_PACCT",
          "SYS_ADMIN",
          "SYS_BOOT",
          "SYS_NICE",
          "SYS_RESOURCE",
          "SYS_TIME",
          "SYS_TTY_CONFIG",
          "MKNOD",
          "LEASE",
          "AUDIT_WRITE",
          "AUDIT_CONTROL",
          "SETFCAP",
          "MAC_OVERRIDE",
          "MAC_ADMIN",
          "SYSLOG",
          "WAKE_ALARM",
          "BLOCK_SUSPEND",
          "AUDIT_READ",
          "PERFMON",
          "BPF",
          "CHECKPOINT_RESTORE");

  private Capabilities() {}

  /** {@code NET_ADMIN} → {@code cap_net_admin}. */
  static String capshName(String kubernetesName) {
    return "cap_" + kubernetesName.toLowerCase(Locale.ROOT);
  }

  /**
   * What {@code capsh --drop=} takes to leave only {@code kept} in the bounding set: every other
   * capability this kernel has ({@code lastCap}: /proc/sys/kernel/cap_last_cap).
   */
  static String dropAllBut(List<String> kept, int lastCap) {
    for (String cap : kept) {
      if (!ALL.contains(cap)) {
        throw new IllegalArgumentException("unknown capability " + cap);
      }
    }
    List<String> drop = new ArrayList<>();
    for (int bit = 0; bit <= Math.min(lastCap, ALL.size() - 1); bit++) {
      if (!kept.contains(ALL.get(bit))) {
        drop.add(capshName(ALL.get(bit)));
      }
    }
    return String.join(",", drop);
  }

  /** This kernel's highest capability number; 40 (Linux 5.9 and later) if it cannot be read. */
  static int lastCap() {
    try {
      // not Files.readString: on this /proc file (size 0) it returned "4" for "40\n" here
      return Integer.parseInt(
          Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).getFirst().strip());
    } catch (IOException | RuntimeException e) {
      return ALL.size() - 1;
    }
  }

  /** The mask of {@code names}, as /proc/PID/status prints it (16 hex digits). */
  static String mask(List<String> names) {
    long mask = 0;
    for (String name : names) {
      int bit = ALL.indexOf(name);
      if (bit < 0) {
        throw new IllegalArgumentException("unknown capability " + name);
      }
      mask |= 1L << bit;
    }
    return HexFormat.of().toHexDigits(mask);
  }

  /** The names in a mask of /proc/PID/status, e.g. {@code 0000000000003400}. */
  static List<String> names(String hexMask) {
    long mask = Long.parseUnsignedLong(hexMask.strip(), 16);
    List<String> names = new ArrayList<>();
    for (int bit = 0; bit < 64; bit++) {
      if ((mask & (1L << bit)) != 0) {
        names.add(bit < ALL.size() ? ALL.get(bit) : "CAP_" + bit);
      }
    }
    return names;
  }

  /**
   * The capability and no_new_privs lines of {@code /proc/PID/status}: {@code CapInh}, {@code
   * CapPrm}, {@code CapEff}, {@code CapBnd}, {@code CapAmb}, {@code NoNewPrivs}, {@code Seccomp}.
   */
  static Map<String, String> status(long pid) {
    Map<String, String> fields = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        int colon = line.indexOf(':');
        String key = colon < 0 ? line : line.substring(0, colon);
        if (key.startsWith("Cap") || key.equals("NoNewPrivs") || key.equals("Seccomp")) {
          fields.put(key, line.substring(colon + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
    }
    return fields;
  }
}
