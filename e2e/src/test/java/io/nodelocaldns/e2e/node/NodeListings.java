package io.nodelocaldns.e2e.node;

import java.util.List;

/**
 * What a person checks on a node, as text: links, addresses, and the raw, filter and nat tables
 * ({@code iptables -S}). Two snapshots are equal when the agent left the node as it found it.
 */
public record NodeListings(
    List<String> links, List<String> addresses, String raw, String filter, String nat) {
  static NodeListings of(SimulatedNode node) {
    return new NodeListings(
        links(node.inNode("ip", "-o", "link", "show").check().stdout()),
        addresses(node.inNode("ip", "-o", "addr", "show").check().stdout()),
        node.iptablesInNode("-t", "raw", "-S").check().stdout(),
        node.iptablesInNode("-t", "filter", "-S").check().stdout(),
        node.iptablesInNode("-t", "nat", "-S").check().stdout());
  }

  /** Link names of {@code ip -o link show} ({@code "4: vpod1@if2: <...>"} → {@code vpod1}). */
  public static List<String> links(String listing) {
    return listing
        .lines()
        .filter(l -> !l.isBlank())
        .map(l -> l.split(":\\s*")[1].split("@")[0])
        .sorted()
        .toList();
  }

  /** "DEV ADDRESS/PREFIX" for each line of {@code ip -o addr show}. */
  public static List<String> addresses(String listing) {
    return listing
        .lines()
        .filter(l -> !l.isBlank())
        .map(
            l -> {
              String[] t = l.strip().split("\\s+");
              return t[1] + " " + t[3];
            })
        .sorted()
        .toList();
  }

  List<RuleListing.Rule> rawRules() {
    return RuleListing.parse(raw);
  }

  List<RuleListing.Rule> filterRules() {
    return RuleListing.parse(filter);
  }

  @Override
  public String toString() {
    return "links "
        + links
        + "\naddresses "
        + addresses
        + "\n-- raw\n"
        + raw
        + "-- filter\n"
        + filter
        + "-- nat\n"
        + nat;
  }
}
