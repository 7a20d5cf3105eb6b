package io.nodelocaldns.modes.mode;

import io.nodelocaldns.modes.node.NodePlan;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A way to put the cache in the path of pods' DNS. One implementation per mode (iptables, ipvs,
 * local); nothing else in the agent asks which mode it runs.
 */
public interface NodeMode {
  /** {@code "iptables"}, {@code "ipvs"} or {@code "local"}. */
  String name();

  /** The addresses the runtime listens on (what the Corefile's {@code bind} lines should hold). */
  List<InetAddress> listenAddresses(LocalIps localIps);

  /** What the node needs: the link with its addresses and the rules. Local mode needs nothing. */
  NodePlan plan(NodeOptions options);

  /** What the kubelet must be told for pods to use the cache, if anything. */
  Optional<String> kubeletAdvice(LocalIps localIps);
}
