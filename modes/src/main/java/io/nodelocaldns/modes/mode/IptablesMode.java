package io.nodelocaldns.modes.mode;

import io.nodelocaldns.modes.node.NodePlan;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * iptables mode: every {@code -localip} address (the node-local ones and the kube-dns ClusterIPs,
 * of both families on a dual-stack node) goes on the link, is bound and gets the NOTRACK/ACCEPT
 * rules. Raw rules run before kube-proxy's DNAT, so pods keep the ClusterIP in resolv.conf and the
 * kubelet needs no change.
 */
public final class IptablesMode implements NodeMode {
  public static final String NAME = "iptables";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<InetAddress> listenAddresses(LocalIps localIps) {
    return localIps.all();
  }

  @Override
  public NodePlan plan(NodeOptions options) {
    return Plans.forAddresses(options, options.localIps().all());
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
