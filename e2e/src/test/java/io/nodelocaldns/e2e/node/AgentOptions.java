package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.CLUSTER_DOMAIN;
import static io.nodelocaldns.e2e.node.Topology.KUBE_DNS;
import static io.nodelocaldns.e2e.node.Topology.KUBE_DNS6;
import static io.nodelocaldns.e2e.node.Topology.LOCAL_DNS;
import static io.nodelocaldns.e2e.node.Topology.LOCAL_DNS6;

import java.util.List;
import java.util.Optional;

/**
 * How one agent run is configured: the addresses for {@code -localip}, {@code --mode} (empty: not
 * passed, the agent's {@code auto}), {@code --profile}, {@code -skipteardown}, the base Corefile it
 * is given and {@code --link-type} (empty: not passed, the agent's {@code dummy}).
 */
record AgentOptions(
    List<String> localIps,
    Optional<String> mode,
    String profile,
    boolean skipTeardown,
    String baseCorefile,
    Optional<String> linkType) {
  static final String IPTABLES = "iptables";
  static final String IPVS = "ipvs";
  static final String GENERIC = "generic";
  static final String EKS = "eks";

  /** This machine's kernel has no dummy driver; a bridge without ports holds local addresses. */
  static final String BRIDGE = "bridge";

  AgentOptions {
    localIps = List.copyOf(localIps);
  }

  /** The upstream manifest in iptables mode: {@code -localip 169.254.20.10,10.96.0.10}. */
  static AgentOptions iptablesMode() {
    return new AgentOptions(
        List.of(LOCAL_DNS, KUBE_DNS),
        Optional.of(IPTABLES),
        GENERIC,
        false,
        ManifestCorefile.iptablesMode(LOCAL_DNS, CLUSTER_DOMAIN, KUBE_DNS),
        Optional.of(BRIDGE));
  }

  /** The upstream IPVS instructions: {@code -localip 169.254.20.10} only. */
  static AgentOptions ipvsMode() {
    return new AgentOptions(
        List.of(LOCAL_DNS),
        Optional.of(IPVS),
        GENERIC,
        false,
        ManifestCorefile.ipvsMode(LOCAL_DNS, CLUSTER_DOMAIN),
        Optional.of(BRIDGE));
  }

  /**
   * iptables mode on a dual-stack node: {@code -localip 169.254.20.10,10.96.0.10,fd00::10,
   * fd00:10:96::a} (the node-local addresses are the IPv4 link-local one and the first IPv6 one;
   * the others are kube-dns's ClusterIPs), with the {@linkplain ManifestCorefile#dualStack
   * dual-stack base Corefile}.
   */
  static AgentOptions dualStackIptablesMode() {
    return new AgentOptions(
        List.of(LOCAL_DNS, KUBE_DNS, LOCAL_DNS6, KUBE_DNS6),
        Optional.of(IPTABLES),
        GENERIC,
        false,
        ManifestCorefile.dualStack(CLUSTER_DOMAIN),
        Optional.of(BRIDGE));
  }

  /** IPVS mode on a dual-stack node: {@code -localip 169.254.20.10,fd00::10}, both node-local. */
  static AgentOptions dualStackIpvsMode() {
    return new AgentOptions(
        List.of(LOCAL_DNS, LOCAL_DNS6),
        Optional.of(IPVS),
        GENERIC,
        false,
        ManifestCorefile.dualStack(CLUSTER_DOMAIN),
        Optional.of(BRIDGE));
  }

  /** iptables mode, IPv6 only: {@code -localip fd00::10,fd00:10:96::a}. */
  static AgentOptions ipv6OnlyIptablesMode() {
    return new AgentOptions(
        List.of(LOCAL_DNS6, KUBE_DNS6),
        Optional.of(IPTABLES),
        GENERIC,
        false,
        ManifestCorefile.dualStack(CLUSTER_DOMAIN),
        Optional.of(BRIDGE));
  }

  AgentOptions withProfile(String newProfile) {
    return new AgentOptions(localIps, mode, newProfile, skipTeardown, baseCorefile, linkType);
  }

  AgentOptions withSkipTeardown(boolean skip) {
    return new AgentOptions(localIps, mode, profile, skip, baseCorefile, linkType);
  }

  AgentOptions withBaseCorefile(String corefile) {
    return new AgentOptions(localIps, mode, profile, skipTeardown, corefile, linkType);
  }

  /** Without {@code --mode}: the agent's default, {@code auto}. */
  AgentOptions withoutMode() {
    return new AgentOptions(
        localIps, Optional.empty(), profile, skipTeardown, baseCorefile, linkType);
  }

  /** Without {@code --link-type}: the agent's default, a real {@code dummy} link. */
  AgentOptions withoutLinkType() {
    return new AgentOptions(localIps, mode, profile, skipTeardown, baseCorefile, Optional.empty());
  }
}
