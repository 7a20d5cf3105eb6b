package io.nodelocaldns.modes.node;

import java.util.List;
import java.util.Optional;

/** Everything a mode needs on the node: a link (absent when not managed) and rules. */
public record NodePlan(Optional<LinkPlan> link, List<IptablesRule> rules) {
  public static final NodePlan NOTHING = new NodePlan(Optional.empty(), List.of());

  public NodePlan {
    rules = List.copyOf(rules);
  }
}
