package io.nodelocaldns.e2e.node;

/**
 * The address families of a {@link SimulatedNode}: IPv4 only (the default, as every scenario but
 * the dual-stack ones has it), or IPv4 and IPv6 on the node, the pod and CoreDNS.
 */
enum IpStack {
  /** IPv4 only. */
  IPV4,
  /**
   * IPv4 and IPv6: IPv6 enabled in the node, pod and CoreDNS namespaces, the node forwarding it,
   * ULA addresses on the veths, CoreDNS answering AAAA over IPv6 too, kube-proxy's DNAT of the IPv6
   * ClusterIPs in {@code ip6tables}.
   */
  DUAL
}
