package io.nodelocaldns.e2e.cluster;

import io.nodelocaldns.e2e.node.RuleListing;
import io.nodelocaldns.e2e.node.SeedRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeds' per-node checks on a {@link NodeView}, each failure one line a person can act on: the
 * addresses on the {@code nodelocaldns} link, the NOTRACK (raw) and ACCEPT (filter) rules of {@link
 * SeedRules} exactly once, and the local route; after an uninstall, none of it.
 */
public final class SeedChecks {
  public static final String LINK = "nodelocaldns";

  private SeedChecks() {}

  /** The addresses the agent serves on: the local IP, and in iptables mode the kube-dns IP. */
  public static List<String> boundAddresses(
      ClusterSettings.Mode mode, String localIp, String kubeDnsIp) {
    return mode == ClusterSettings.Mode.IPVS ? List.of(localIp) : List.of(localIp, kubeDnsIp);
  }

  /** What is wrong with a node that runs the agent in {@code mode}; empty when all hold. */
  public static List<String> whileInstalled(
      NodeView view, ClusterSettings.Mode mode, String localIp, String kubeDnsIp) {
    List<String> problems = new ArrayList<>();
    List<String> bound = boundAddresses(mode, localIp, kubeDnsIp);
    if (!view.hasLink(LINK)) {
      problems.add("no link " + LINK + " (ip -o link show)");
    }
    List<String> onLink = view.addressesOn(LINK);
    for (String address : bound) {
      if (!onLink.contains(address + "/32")) {
        problems.add(address + "/32 is not on " + LINK + " (it holds " + onLink + ")");
      }
      if (!view.hasLocalRoute(address, LINK)) {
        problems.add("no `local " + address + " dev " + LINK + "` in ip route show table local");
      }
    }
    if (mode == ClusterSettings.Mode.IPVS && onLink.contains(kubeDnsIp + "/32")) {
      problems.add("IPVS mode, yet the kube-dns IP " + kubeDnsIp + " is on " + LINK);
    }
    for (SeedRules.Expected rule : SeedRules.forAddresses(bound)) {
      long count = SeedRules.count(rule, tableOf(view, rule));
      if (count != 1) {
        problems.add(rule + ": found " + count + " times, expected once");
      }
    }
    if (mode == ClusterSettings.Mode.IPVS) {
      for (SeedRules.Expected rule : SeedRules.forAddresses(List.of(kubeDnsIp))) {
        if (SeedRules.count(rule, tableOf(view, rule)) > 0) {
          problems.add("IPVS mode, yet " + rule + " is there");
        }
      }
    }
    return problems;
  }

  /** What the agents left behind on a node after the uninstall; empty when nothing. */
  public static List<String> afterUninstall(NodeView view, String localIp, String kubeDnsIp) {
    List<String> problems = new ArrayList<>();
    if (view.hasLink(LINK)) {
      problems.add("the link " + LINK + " is still there: " + view.addressesOn(LINK));
    }
    for (String address : List.of(localIp, kubeDnsIp)) {
      for (SeedRules.Expected rule : SeedRules.forAddresses(List.of(address))) {
        long count = SeedRules.count(rule, tableOf(view, rule));
        if (count > 0) {
          problems.add(rule + " is still there (" + count + " times)");
        }
      }
      if (view.hasLocalRoute(address, LINK)) {
        problems.add("`local " + address + " dev " + LINK + "` is still in the local table");
      }
    }
    if (view.hasLocalRoute(localIp)) {
      problems.add(localIp + " is still routed locally");
    }
    return problems;
  }

  private static List<RuleListing.Rule> tableOf(NodeView view, SeedRules.Expected rule) {
    return rule.table().equals(SeedRules.RAW) ? view.raw() : view.filter();
  }
}
