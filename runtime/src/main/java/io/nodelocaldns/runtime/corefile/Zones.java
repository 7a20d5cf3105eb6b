package io.nodelocaldns.runtime.corefile;

import io.nodelocaldns.runtime.wire.DnsNames;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Zones and names as a Corefile writes them: checked, then normalised by {@link DnsNames}. */
public final class Zones {
  /** What a zone looks like, for messages. */
  public static final String EXPECTED = "a domain name such as cluster.local or .";

  private Zones() {}

  /**
   * Checks and normalises a zone or name: {@code "Cluster.Local"} becomes {@code "cluster.local."}.
   *
   * @throws IllegalArgumentException if it is not a valid domain name (empty label, label over 63
   *     or name over 255 octets, white space), or is a CIDR or carries a port
   */
  public static String parse(String text) {
    if (text.contains("/")) {
      // CoreDNS turns 10.0.0.0/8 into reverse zones; that is not implemented here
      throw new IllegalArgumentException(
          "expected " + EXPECTED + ", got \"" + text + "\" (CIDR notation is not supported)");
    }
    String zone = DnsNames.normalize(text);
    if (zone.contains(":") || zone.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("expected " + EXPECTED + ", got \"" + text + "\"");
    }
    try {
      Name.fromString(zone);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(
          "expected " + EXPECTED + ", got \"" + text + "\" (" + e.getMessage() + ")");
    }
    return zone;
  }
}
