package io.nodelocaldns.installer.values;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
}
