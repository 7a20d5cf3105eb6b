package io.nodelocaldns.modes.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP literals without ever asking DNS ({@code InetAddress.ofLiteral} is Java 22+). */
public final class IpLiterals {
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

  private IpLiterals() {}

  /** The address, or empty when {@code text} is not an IPv4/IPv6 literal. */
  public static Optional<InetAddress> parse(String text) {
    if (!LITERAL.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text)); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The address; {@code text} must be a literal. */
  public static InetAddress of(String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException(text + " (expected: an IP address)"));
  }
}
