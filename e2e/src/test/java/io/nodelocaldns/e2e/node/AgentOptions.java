package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.CLUSTER_DOMAIN;
import static io.nodelocaldns.e2e.node.Topology.KUBE_DNS;
import static io.nodelocaldns.e2e.node.Topology.LOCAL_DNS;

import java.util.List;

/**
 * How one agent run is configured: the addresses for {@code -localip}, {@code --mode}, {@code
 * --profile}, {@code -skipteardown}, and the base Corefile it is given.
 */
record AgentOptions(
    List<String> localIps, String mode, String profile, boolean skipTeardown, String baseCorefile) {
  static final String IPTABLES = "iptables";
  static final String IPVS = "ipvs";
  static final String GENERIC = "generic";
  static final String EKS = "eks";

  AgentOptions {
    localIps = List.copyOf(localIps);
  }

  /** The upstream manifest in iptables mode: {@code -localip 169.254.20.10,10.96.0.10}. */
  static AgentOptions iptablesMode() {
    return new AgentOptions(
        List.of(LOCAL_DNS, KUBE_DNS),
        IPTABLES,
        GENERIC,
        false,
        ManifestCorefile.iptablesMode(LOCAL_DNS, CLUSTER_DOMAIN, KUBE_DNS));
  }

  /** The upstream IPVS instructions: {@code -localip 169.254.20.10} only. */
  static AgentOptions ipvsMode() {
    return new AgentOptions(
        List.of(LOCAL_DNS),
        IPVS,
        GENERIC,
        false,
        ManifestCorefile.ipvsMode(LOCAL_DNS, CLUSTER_DOMAIN));
  }

  AgentOptions withProfile(String newProfile) {
    return new AgentOptions(localIps, mode, newProfile, skipTeardown, baseCorefile);
  }

  AgentOptions withSkipTeardown(boolean skip) {
    return new AgentOptions(localIps, mode, profile, skip, baseCorefile);
  }

  AgentOptions withBaseCorefile(String corefile) {
    return new AgentOptions(localIps, mode, profile, skipTeardown, corefile);
  }
}
