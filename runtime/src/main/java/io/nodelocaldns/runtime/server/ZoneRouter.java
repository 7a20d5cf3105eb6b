package io.nodelocaldns.runtime.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks the server block whose zone is the longest suffix of a query name, as CoreDNS does. */
public final class ZoneRouter {
  private final Map<String, ServerBlock> byZone = new HashMap<>();

  /**
   * @throws IllegalArgumentException if two blocks claim the same zone
   */
  public ZoneRouter(List<ServerBlock> blocks) {
    for (ServerBlock block : blocks) {
      for (String zone : block.zones()) {
        ServerBlock previous = byZone.putIfAbsent(zone, block);
        if (previous != null) {
          throw new IllegalArgumentException(
              "zone " + zone + " is served by two blocks on one address");
        }
      }
    }
  }

  /** The block for {@code lowerName} (normalised, lower case), if any zone contains it. */
  public Optional<ServerBlock> route(String lowerName) {
    String suffix = lowerName;
    while (true) {
      ServerBlock block = byZone.get(suffix);
      if (block != null) {
        return Optional.of(block);
      }
      if (suffix.equals(".")) {
        return Optional.empty();
      }
      int dot = nextLabel(suffix);
      suffix = dot < 0 || dot == suffix.length() - 1 ? "." : suffix.substring(dot + 1);
    }
  }

  /** Index of the dot ending the first label, skipping escaped dots ({@code \.}). */
  private static int nextLabel(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '.') {
        return i;
      }
    }
    return -1;
  }
}
