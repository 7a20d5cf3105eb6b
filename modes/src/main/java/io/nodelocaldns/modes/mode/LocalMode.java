package io.nodelocaldns.modes.mode;

import io.nodelocaldns.modes.node.NodePlan;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Local mode, for a developer machine: no link, no rules, no root. The runtime listens where the
 * Corefile's {@code bind} lines say, so {@link #listenAddresses} is empty ("leave them as
 * written").
 */
public final class LocalMode implements NodeMode {
  public static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<InetAddress> listenAddresses(LocalIps localIps) {
    return List.of();
  }

  @Override
  public NodePlan plan(NodeOptions options) {
    return NodePlan.NOTHING;
  }

  @Override
  public Optional<String> kubeletAdvice(LocalIps localIps) {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return NAME;
  }
}
