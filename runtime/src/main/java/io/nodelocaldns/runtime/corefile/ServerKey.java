package io.nodelocaldns.runtime.corefile;

import java.util.Locale;

/**
 * One server block key, {@code [dns://]ZONE[:PORT]}, understood.
 *
 * @param zone the normalised zone
 * @param port 0..65535 (0: any free port, as tests use)
 */
public record ServerKey(String zone, int port) {
  static final int DEFAULT_PORT = 53;
  private static final int MAX_PORT = 65535;
  private static final String DNS_SCHEME = "dns";
  private static final String SCHEME_SEPARATOR = "://";

  /** CoreDNS's name for the server, e.g. {@code dns://cluster.local.:53}. */
  public String address() {
    return DNS_SCHEME + SCHEME_SEPARATOR + zone + ":" + port;
  }

  public static ServerKey parse(String key, Location location) {
    String rest = key;
    int separator = key.indexOf(SCHEME_SEPARATOR);
    if (separator >= 0) {
      String scheme = key.substring(0, separator).toLowerCase(Locale.ROOT);
      if (!scheme.equals(DNS_SCHEME)) {
        throw error(
            location,
            "server block key \""
                + key
                + "\": "
                + scheme
                + ":// is not supported: this cache serves plain DNS over UDP and TCP; serve "
                + scheme
                + ":// from CoreDNS (expected [dns://]ZONE[:PORT])");
      }
      rest = key.substring(separator + SCHEME_SEPARATOR.length());
    }
    int port = DEFAULT_PORT;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      port = port(key, rest.substring(colon + 1), location);
      rest = rest.substring(0, colon);
    }
    try {
      return new ServerKey(Zones.parse(rest), port);
    } catch (IllegalArgumentException e) {
      throw error(location, "server block key \"" + key + "\": " + e.getMessage());
    }
  }

  private static int port(String key, String text, Location location) {
    if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(Character::isDigit)) {
      int port = Integer.parseInt(text);
      if (port <= MAX_PORT) {
        return port;
      }
    }
    throw error(
        location,
        "server block key \""
            + key
            + "\": port must be between 0 and "
            + MAX_PORT
            + ", got \""
            + text
            + "\"");
  }

  private static CorefileException error(Location location, String problem) {
    return new CorefileException(location, null, problem);
  }
}
