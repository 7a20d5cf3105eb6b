package io.nodelocaldns.runtime.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Where an IPv6 address of this machine stands in duplicate address detection, read from {@code
 * /proc/net/if_inet6} (address in hex, interface index, prefix, scope, flags, name). A new address
 * is <em>tentative</em> until DAD ends (about a second with the kernel's defaults, never on a link
 * that is down) and nothing can bind it meanwhile.
 */
final class DuplicateAddressDetection {
  static final Path IF_INET6 = Path.of("/proc/net/if_inet6");

  /** {@code IFA_F_DADFAILED} and {@code IFA_F_TENTATIVE} of linux/if_addr.h. */
  private static final int DAD_FAILED_FLAG = 0x08;

  private static final int TENTATIVE_FLAG = 0x40;

  /** Where an address stands. */
  enum State {
    /** Not an IPv6 address of this machine, or the kernel does not say. */
    NOT_LOCAL,
    /** Bindable. */
    DONE,
    /** DAD has not finished: bind() fails with EADDRNOTAVAIL until it does. */
    TENTATIVE,
    /** Another machine on the link has it: it stays unusable. */
    FAILED
  }

  private DuplicateAddressDetection() {}

  static State of(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return State.NOT_LOCAL;
    }
    try {
      return of(address, Files.readString(IF_INET6));
    } catch (IOException e) {
      return State.NOT_LOCAL; // no IPv6 in this kernel or no /proc: nothing to wait for
    }
  }

  static State of(InetAddress address, String ifInet6) {
    String hex = HexFormat.of().formatHex(address.getAddress());
    for (String line : ifInet6.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 6 || !fields[0].equalsIgnoreCase(hex)) {
        continue;
      }
      int flags = Integer.parseInt(fields[4], 16);
      if ((flags & DAD_FAILED_FLAG) != 0) {
        return State.FAILED;
      }
      return (flags & TENTATIVE_FLAG) != 0 ? State.TENTATIVE : State.DONE;
    }
    return State.NOT_LOCAL;
  }
}
