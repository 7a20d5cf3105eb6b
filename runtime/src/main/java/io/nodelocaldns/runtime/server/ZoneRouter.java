package io.nodelocaldns.runtime.server;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks the server block whose zone is the longest suffix of a query name, as CoreDNS does. */
public final class ZoneRouter {
  /** Zones, longest first: the first that contains a name is its longest matching suffix. */
  private final String[] zones;

  /** The block of {@code zones[i]}, wrapped once: routing runs per query and allocates nothing. */
  private final List<Optional<ServerBlock>> routes;

  /**
   * @throws IllegalArgumentException if two blocks claim the same zone
   */
  public ZoneRouter(List<ServerBlock> blocks) {
    Map<String, ServerBlock> byZone = new HashMap<>();
    for (ServerBlock block : blocks) {
      for (String zone : block.zones()) {
        ServerBlock previous = byZone.putIfAbsent(zone, block);
        if (previous != null) {
          throw new IllegalArgumentException(
              "zone " + zone + " is served by two blocks on one address");
        }
      }
    }
    this.zones =
        byZone.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toArray(String[]::new);
    this.routes = Arrays.stream(zones).map(z -> Optional.of(byZone.get(z))).toList();
  }

  /** The block for {@code lowerName} (normalised, lower case), if any zone contains it. */
  public Optional<ServerBlock> route(String lowerName) {
    for (int i = 0; i < zones.length; i++) {
      if (contains(zones[i], lowerName)) {
        return routes.get(i);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code name} is {@code zone} or below it: the suffix starts at a label boundary. */
  private static boolean contains(String zone, String name) {
    if (zone.equals(".")) {
      return true;
    }
    int boundary = name.length() - zone.length();
    if (boundary < 0 || !name.endsWith(zone)) {
      return false;
    }
    return boundary == 0 || (name.charAt(boundary - 1) == '.' && !escaped(name, boundary - 1));
  }

  /** Whether the character at {@code index} follows an odd run of backslashes ({@code \.}). */
  private static boolean escaped(String name, int index) {
    int backslashes = 0;
    for (int i = index - 1; i >= 0 && name.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }
}
