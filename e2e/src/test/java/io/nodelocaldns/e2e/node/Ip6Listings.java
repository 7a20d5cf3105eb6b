package io.nodelocaldns.e2e.node;

import java.util.List;

/**
 * The IPv6 half of what a person checks on a dual-stack node: the raw, filter and nat tables as the
 * node's {@code ip6tables} backend lists them ({@code ip6tables -S}). Links and addresses of both
 * families are in {@link NodeListings} ({@code ip -o addr show} lists both). Two snapshots are
 * equal when the agent left the node's IPv6 rules as it found them.
 */
record Ip6Listings(String raw, String filter, String nat) {
  static Ip6Listings of(SimulatedNode node) {
    return new Ip6Listings(
        node.ip6tablesInNode("-t", "raw", "-S").check().stdout(),
        node.ip6tablesInNode("-t", "filter", "-S").check().stdout(),
        node.ip6tablesInNode("-t", "nat", "-S").check().stdout());
  }

  List<RuleListing.Rule> rawRules() {
    return RuleListing.parse(raw);
  }

  List<RuleListing.Rule> filterRules() {
    return RuleListing.parse(filter);
  }

  @Override
  public String toString() {
    return "-- ip6 raw\n" + raw + "-- ip6 filter\n" + filter + "-- ip6 nat\n" + nat;
  }
}
