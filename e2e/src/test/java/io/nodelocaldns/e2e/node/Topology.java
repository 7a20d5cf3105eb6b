package io.nodelocaldns.e2e.node;

/**
 * The simulated node's addresses, one place for all of them (see docs/e2e.md for the diagram). They
 * mirror a kind cluster: kube-dns at 10.96.0.10, pods in 10.244.0.0/16.
 */
final class Topology {
  /** The upstream default node-local address. */
  static final String LOCAL_DNS = "169.254.20.10";

  /** The kube-dns Service's ClusterIP, which iptables mode binds on the node too. */
  static final String KUBE_DNS = "10.96.0.10";

  /** The kube-dns-upstream Service's ClusterIP: the agent's way to CoreDNS, never intercepted. */
  static final String KUBE_DNS_UPSTREAM = "10.96.0.11";

  /** The EKS VPC resolver (AmazonProvidedDNS's link-local address). */
  static final String VPC_RESOLVER = "169.254.169.253";

  static final String CLUSTER_DOMAIN = "cluster.local";
  static final int DNS_PORT = 53;
  static final int METRICS_PORT = 9253;
  static final int HEALTH_PORT = 8080;
  static final String LINK = "nodelocaldns";
  static final String UPSTREAM_SERVICE = "kube-dns-upstream";

  /** The env var the kubelet would set for {@link #UPSTREAM_SERVICE}; the agent reads it. */
  static final String UPSTREAM_SERVICE_HOST_ENV = "KUBE_DNS_UPSTREAM_SERVICE_HOST";

  /** node side / pod side of the pod's veth. */
  static final String POD_GATEWAY = "10.244.1.1";

  static final String POD_IP = "10.244.1.2";

  /** node side / CoreDNS side of the CoreDNS pod's veth. */
  static final String COREDNS_GATEWAY = "10.244.2.1";

  static final String COREDNS_IP = "10.244.2.2";

  /** node side / VPC side of the veth to the VPC-resolver stand-in. */
  static final String VPC_GATEWAY = "10.244.3.1";

  static final String VPC_LINK_IP = "10.244.3.2";

  /** node side / resolver side of the node's uplink; the node's default route and resolv.conf. */
  static final String NODE_UPLINK_IP = "192.168.50.1";

  static final String EXTERNAL_RESOLVER = "192.168.50.2";
  static final String SUBNET_24 = "/24";

  /** Known answers: who answered is told by the address. */
  static final String KUBERNETES_NAME = "kubernetes.default.svc.cluster.local";

  static final String KUBERNETES_IP = "10.96.0.1";
  static final String WEB_NAME = "web.default.svc.cluster.local";
  static final String WEB_IP = "10.96.5.5";
  static final String EXTERNAL_NAME = "www.example.com";

  /**
   * How many more services the CoreDNS stand-in knows, {@link #serviceName}(0 … SERVICES-1): a
   * pod's working set for the warm-restart scenarios.
   */
  static final int SERVICES = 300;

  static String serviceName(int i) {
    return "svc" + i + ".default.svc.cluster.local";
  }

  static String serviceIp(int i) {
    return "10.97." + (i / 250) + "." + (i % 250 + 1);
  }

  /** www.example.com as the node's resolver answers it. */
  static final String EXTERNAL_IP_FROM_NODE_RESOLVER = "198.51.100.7";

  /** www.example.com as the VPC resolver answers it. */
  static final String EXTERNAL_IP_FROM_VPC_RESOLVER = "203.0.113.7";

  // IPv6, on a dual-stack node only (SimulatedNode.create(..., IpStack.DUAL)): ULA addresses as a
  // dual-stack kind cluster would have them

  /** The node-local IPv6 address: the first IPv6 {@code -localip}. */
  static final String LOCAL_DNS6 = "fd00::10";

  /** The kube-dns Service's IPv6 ClusterIP. */
  static final String KUBE_DNS6 = "fd00:10:96::a";

  /** The kube-dns-upstream Service's IPv6 ClusterIP. */
  static final String KUBE_DNS_UPSTREAM6 = "fd00:10:96::b";

  /** node side / pod side of the pod's veth. */
  static final String POD_GATEWAY6 = "fd00:10:244:1::1";

  static final String POD_IP6 = "fd00:10:244:1::2";

  /** node side / CoreDNS side of the CoreDNS pod's veth. */
  static final String COREDNS_GATEWAY6 = "fd00:10:244:2::1";

  static final String COREDNS_IP6 = "fd00:10:244:2::2";

  /** node side / resolver side of the node's uplink: the node's IPv6 default route. */
  static final String NODE_UPLINK_IP6 = "fd00:50::1";

  static final String UPLINK_GATEWAY6 = "fd00:50::2";
  static final String SUBNET_64 = "/64";

  /** The AAAA records of the test names, as the CoreDNS stand-in of a dual-stack node has them. */
  static final String KUBERNETES_IP6 = "fd00:10:96::1";

  static final String WEB_IP6 = "fd00:10:96::5:5";

  private Topology() {}
}
