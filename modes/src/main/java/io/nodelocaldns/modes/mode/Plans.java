package io.nodelocaldns.modes.mode;

import io.nodelocaldns.modes.node.IptablesRule;
import io.nodelocaldns.modes.node.LinkPlan;
import io.nodelocaldns.modes.node.NodePlan;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** Builds a plan for a set of addresses, honouring -setupinterface and -setupiptables. */
final class Plans {
  private Plans() {}

  static NodePlan forAddresses(NodeOptions options, List<InetAddress> addresses) {
    Optional<LinkPlan> link =
        options.setupInterface()
            ? Optional.of(new LinkPlan(options.interfaceName(), options.linkType(), addresses))
            : Optional.empty();
    List<IptablesRule> rules =
        options.setupIptables()
            ? DnsRules.forAddresses(addresses, options.healthPort())
            : List.of();
    return new NodePlan(link, rules);
  }
}
