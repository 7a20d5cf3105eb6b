package io.nodelocaldns.modes.node;

import io.nodelocaldns.runtime.corefile.Addresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses IP literals without ever asking DNS ({@code InetAddress.ofLiteral} is Java 22+): strictly,
 * with the runtime's {@link Addresses#ip}, so {@code ffff} or {@code 1.2.3} is no literal (the JDK
 * would look the first up as a host name and read the second as 1.2.0.3).
 */
public final class IpLiterals {
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

  private IpLiterals() {}

  /** The address, or empty when {@code text} is not an IPv4/IPv6 literal (without a zone). */
  public static Optional<InetAddress> parse(String text) {
    return LITERAL.matcher(text).matches() ? Addresses.ip(text) : Optional.empty();
  }

  /**
   * The address as {@code ip} and {@code iptables -S} print it: IPv6 in the short form ({@code
   * fd00::10}, RFC 5952), not Java's {@code fd00:0:0:0:0:0:0:10}.
   */
  public static String text(InetAddress address) {
    String full = address.getHostAddress();
    if (!(address instanceof Inet6Address)) {
      return full;
    }
    String[] groups = full.split("%")[0].split(":");
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not shortened
    for (int i = 0; i < groups.length; i++) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
    }
    if (bestStart < 0) {
      return String.join(":", groups);
    }
    String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    String tail =
        String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }

  /** The address; {@code text} must be a literal. */
  public static InetAddress of(String text) {
    return parse(text)
        .orElseThrow(() -> new IllegalArgumentException(text + " (expected: an IP address)"));
  }
}
