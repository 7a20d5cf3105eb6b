package io.nodelocaldns.runtime.corefile;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Address;

/**
 * IP addresses and host:port pairs as a Corefile writes them. Only literals are read: nothing here
 * ever asks a resolver, so a Corefile loads the same on a node whose DNS is down (the very case
 * NodeLocal DNS exists for).
 */
public final class Addresses {
  /** What a listen address looks like, for messages. */
  public static final String EXPECTED_LISTEN =
      "[IP]:PORT such as :9153, 127.0.0.1:9153 or [::1]:9153";

  private static final int MAX_PORT = 65535;

  private Addresses() {}

  /**
   * Reads an IPv4 or IPv6 literal ({@code 10.0.0.10}, {@code fd00::10}); an IPv6 literal may carry
   * a zone ({@code fe80::1%eth0} or {@code fe80::1%2}), as resolv.conf files do.
   *
   * @return the address, or empty if {@code text} is not an IP literal (or names no interface)
   */
  public static Optional<InetAddress> ip(String text) {
    int percent = text.indexOf('%');
    if (percent >= 0) {
      return scopedIpv6(text.substring(0, percent), text.substring(percent + 1));
    }
    byte[] bytes = Address.toByteArray(text, Address.IPv4);
    if (bytes == null) {
      bytes = Address.toByteArray(text, Address.IPv6);
    }
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes)); // builds from bytes: never a lookup
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  /**
   * Reads an upstream's address: {@code IP}, {@code IP:PORT}, {@code [IPv6]}, {@code [IPv6]:PORT}
   * or a bare IPv6 literal.
   *
   * @return the address, or empty if {@code text} has no IP in it (a file name, a host name)
   * @throws IllegalArgumentException if it has an IP but the port is not 1..65535
   */
  public static Optional<InetSocketAddress> ipAndPort(String text, int defaultPort) {
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      Optional<InetAddress> ip = close < 0 ? Optional.empty() : ip(text.substring(1, close));
      if (ip.isEmpty() || !(ip.get() instanceof Inet6Address)) {
        return Optional.empty();
      }
      String rest = text.substring(close + 1);
      if (rest.isEmpty()) {
        return Optional.of(new InetSocketAddress(ip.get(), defaultPort));
      }
      if (!rest.startsWith(":")) {
        return Optional.empty();
      }
      return Optional.of(new InetSocketAddress(ip.get(), port(text, rest.substring(1), 1)));
    }
    Optional<InetAddress> whole = ip(text);
    if (whole.isPresent()) {
      return Optional.of(new InetSocketAddress(whole.get(), defaultPort));
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0 || text.substring(0, colon).contains(":")) {
      return Optional.empty(); // an IPv6 literal with a port needs brackets
    }
    return ip(text.substring(0, colon))
        .map(ip -> new InetSocketAddress(ip, port(text, text.substring(colon + 1), 1)));
  }

  /**
   * Reads an address to listen on, as Go's {@code net.SplitHostPort} does: {@code :PORT} (every
   * interface), {@code IP:PORT}, {@code [IPv6]:PORT} or {@code localhost:PORT}; the port is
   * required and may be 0 (any free port, as tests use).
   *
   * @throws IllegalArgumentException if {@code text} is not such an address
   */
  public static InetSocketAddress listen(String text) {
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || !text.startsWith(":", close + 1)) {
        throw invalidListen(text);
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0 || text.substring(0, colon).contains(":")) {
        throw invalidListen(text);
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    int number = port(text, port, 0);
    if (host.isEmpty()) {
      return new InetSocketAddress(number); // the wildcard address, as Go listens on ":PORT"
    }
    if (host.equalsIgnoreCase("localhost")) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), number);
    }
    InetAddress ip = ip(host).orElseThrow(() -> invalidListen(text));
    return new InetSocketAddress(ip, number);
  }

  private static Optional<InetAddress> scopedIpv6(String literal, String zone) {
    byte[] bytes = Address.toByteArray(literal, Address.IPv6);
    if (bytes == null || zone.isEmpty()) {
      return Optional.empty();
    }
    try {
      if (zone.chars().allMatch(Character::isDigit)) {
        return Optional.of(Inet6Address.getByAddress(null, bytes, Integer.parseInt(zone)));
      }
      NetworkInterface nic = NetworkInterface.getByName(zone); // a local look-up, not DNS
      return nic == null
          ? Optional.empty()
          : Optional.of(Inet6Address.getByAddress(null, bytes, nic));
    } catch (UnknownHostException | SocketException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int port(String text, String port, int min) {
    if (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit)) {
      int value = Integer.parseInt(port);
      if (value >= min && value <= MAX_PORT) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "port must be between "
            + min
            + " and "
            + MAX_PORT
            + ", got \""
            + port
            + "\" in \""
            + text
            + "\"");
  }

  private static IllegalArgumentException invalidListen(String text) {
    return new IllegalArgumentException("expected " + EXPECTED_LISTEN + ", got \"" + text + "\"");
  }
}
