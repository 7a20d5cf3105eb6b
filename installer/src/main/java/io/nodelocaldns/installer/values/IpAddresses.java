package io.nodelocaldns.installer.values;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.regex.Pattern;

/** IP literals, checked without ever resolving a name. */
public final class IpAddresses {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

  private IpAddresses() {}

  public static boolean isIp(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    if (IPV4.matcher(text).matches()) {
      return true;
    }
    if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
      return false;
    }
    try {
      // with a colon and only hex digits, InetAddress parses a literal and never asks DNS
      InetAddress.getByName(text);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public static boolean isIpv6(String ip) {
    return ip.contains(":");
  }

  /**
   * Whether two texts are the same address however they are written ({@code fd00::10}, {@code
   * FD00:0::10}); a text that is no IP literal is only the same as itself.
   */
  public static boolean same(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (!isIp(a) || !isIp(b)) {
      return false;
    }
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false; // isIp said both are literals, which never fail to parse
    }
  }

  /** Whether {@code ips} holds {@code ip}, however each is written. */
  public static boolean contains(Collection<String> ips, String ip) {
    return ips.stream().anyMatch(other -> same(other, ip));
  }
}
