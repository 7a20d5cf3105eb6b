package io.nodelocaldns.e2e.node;

import java.util.ArrayList;
import java.util.List;

/** The flows of a {@code conntrack -L} listing, each by its original direction's tuple. */
final class ConntrackListing {
  private ConntrackListing() {}

  /** The original direction of one tracked flow (the first src/dst/sport/dport of its line). */
  record Flow(
      String protocol,
      String source,
      String destination,
      String sport,
      String dport,
      String line) {}

  static List<Flow> parse(String listing) {
    List<Flow> flows = new ArrayList<>();
    for (String line : listing.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || !trimmed.contains("src=")) {
        continue; // the "N flow entries have been shown" summary and blank lines
      }
      String[] tokens = trimmed.split("\\s+");
      flows.add(
          new Flow(
              tokens[0],
              first(tokens, "src="),
              first(tokens, "dst="),
              first(tokens, "sport="),
              first(tokens, "dport="),
              trimmed));
    }
    return flows;
  }

  private static String first(String[] tokens, String key) {
    for (String token : tokens) {
      if (token.startsWith(key)) {
        return token.substring(key.length());
      }
    }
    return "";
  }
}
