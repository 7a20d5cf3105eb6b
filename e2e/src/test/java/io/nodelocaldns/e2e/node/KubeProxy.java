package io.nodelocaldns.e2e.node;

/**
 * The kube-proxy a {@link SimulatedNode} imitates, and the {@code iptables} command whose backend
 * that node then uses (for the listings a person would check).
 */
enum KubeProxy {
  /** iptables mode, rules through plain {@code iptables} (whichever backend it links to). */
  IPTABLES("iptables"),
  /** iptables mode on a node whose iptables is the legacy (x_tables) backend. */
  IPTABLES_LEGACY("iptables-legacy"),
  /** iptables mode on a node whose iptables is the nft backend. */
  IPTABLES_NFT("iptables-nft"),
  /**
   * IPVS mode: every ClusterIP on the {@code kube-ipvs0} dummy link, IPVS virtual services to the
   * endpoints, and kube-proxy's (here empty) {@code KUBE-SERVICES} nat chain in plain iptables.
   * Needs a kernel with dummy links and IPVS (the VM scenarios).
   */
  IPVS("iptables"),
  /**
   * nftables mode: no iptables rules at all, a {@code table ip kube-proxy} whose nat chains at
   * dstnat priority DNAT the ClusterIPs.
   */
  NFTABLES("iptables");

  /** The link kube-proxy in IPVS mode holds every ClusterIP on. */
  static final String KUBE_IPVS_LINK = "kube-ipvs0";

  /** kube-proxy's nftables table (family ip). */
  static final String NFT_TABLE = "kube-proxy";

  private final String iptables;

  KubeProxy(String iptables) {
    this.iptables = iptables;
  }

  /** {@code iptables}, {@code iptables-legacy} or {@code iptables-nft}. */
  String iptables() {
    return iptables;
  }

  /** The same backend's IPv6 command: {@code ip6tables}, {@code ip6tables-legacy}, ... */
  String ip6tables() {
    return iptables.replaceFirst("^iptables", "ip6tables");
  }
}
