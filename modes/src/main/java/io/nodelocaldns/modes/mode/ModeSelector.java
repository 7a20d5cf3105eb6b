package io.nodelocaldns.modes.mode;

import io.nodelocaldns.modes.node.IpLiterals;
import io.nodelocaldns.modes.node.NodeNetwork;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** Turns {@code --mode iptables|ipvs|local|auto} into a {@link NodeMode}. */
public final class ModeSelector {
  /**
   * What {@code auto} looks at on the node besides {@code -localip}: the addresses on {@code
   * kube-ipvs0} (none when kube-proxy does not run in IPVS mode).
   */
  public record NodeFacts(List<InetAddress> onKubeIpvs) {
    public static final NodeFacts NONE = new NodeFacts(List.of());

    public NodeFacts {
      onKubeIpvs = List.copyOf(onKubeIpvs);
    }
  }

  /** The mode chosen, and what the operator must be told about the choice, if anything. */
  public record Selection(NodeMode mode, Optional<String> warning) {}

  private ModeSelector() {}

  /** The mode for a {@code --mode} value; {@code auto} looks at {@code -localip} only. */
  public static NodeMode select(String flagValue, LocalIps localIps) {
    return select(ModeChoice.of(flagValue), localIps, NodeFacts.NONE).mode();
  }

  /** The mode for a parsed {@code --mode} value on a node that looks like {@code facts}. */
  public static Selection select(ModeChoice choice, LocalIps localIps, NodeFacts facts) {
    return switch (choice) {
      case IPTABLES -> new Selection(new IptablesMode(), Optional.empty());
      case IPVS -> new Selection(new IpvsMode(), Optional.empty());
      case LOCAL -> new Selection(new LocalMode(), Optional.empty());
      case AUTO -> auto(localIps, facts);
    };
  }

  /**
   * The one place the auto rule lives. The upstream manifest's convention: a ClusterIP in {@code
   * -localip} means iptables mode, only node-local addresses ({@link LocalIps#nodeLocal}) mean IPVS
   * mode. Except on a node where kube-proxy already holds that ClusterIP on {@code kube-ipvs0}:
   * kube-proxy runs in IPVS mode there, taking the ClusterIP would break the Service, so IPVS mode
   * it is, on the node-local addresses only, with a warning that pods reach the cache only once the
   * kubelet hands them that address.
   *
   * @throws UnsupportedOperationException when that node's {@code -localip} has no node-local
   *     address to serve on
   */
  public static Selection auto(LocalIps localIps, NodeFacts facts) {
    if (localIps.clusterIps().isEmpty()) {
      return new Selection(new IpvsMode(), Optional.empty());
    }
    List<InetAddress> held =
        localIps.clusterIps().stream().filter(facts.onKubeIpvs()::contains).toList();
    if (held.isEmpty()) {
      return new Selection(new IptablesMode(), Optional.empty());
    }
    String heldText = String.join(", ", held.stream().map(IpLiterals::text).toList());
    if (localIps.nodeLocal().isEmpty()) {
      throw new UnsupportedOperationException(
          "--mode auto: "
              + heldText
              + " is on "
              + NodeNetwork.KUBE_IPVS_LINK
              + " (kube-proxy runs in IPVS mode here) and -localip has no node-local address to"
              + " serve on instead; add one, e.g. -localip 169.254.20.10");
    }
    IpvsMode ipvs = new IpvsMode();
    String advice = ipvs.kubeletAdvice(localIps).orElseThrow();
    return new Selection(
        ipvs,
        Optional.of(
            "--mode auto: "
                + heldText
                + " from -localip is on "
                + NodeNetwork.KUBE_IPVS_LINK
                + ": kube-proxy runs in IPVS mode here and owns that ClusterIP, so this agent runs"
                + " IPVS mode and serves "
                + String.join(", ", localIps.nodeLocal().stream().map(IpLiterals::text).toList())
                + " only. Pods still query "
                + heldText
                + " through kube-proxy, not this cache, until the kubelet's clusterDNS is"
                + " changed: "
                + advice));
  }
}
