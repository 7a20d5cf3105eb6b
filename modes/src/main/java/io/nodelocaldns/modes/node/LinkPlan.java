package io.nodelocaldns.modes.node;

import java.net.InetAddress;
import java.util.List;

/** The link the agent owns and the addresses it puts on it (/32 or /128 each). */
public record LinkPlan(String name, LinkType type, List<InetAddress> addresses) {
  public LinkPlan {
    addresses = List.copyOf(addresses);
  }
}
