package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A Kubernetes node simulated with network namespaces, as in {@code netns-recipe.md}: a node, a
 * pod, a CoreDNS pod running a real DNS server, kube-proxy's DNAT of the kube-dns and
 * kube-dns-upstream ClusterIPs to it, the node's own resolver on its uplink, and an EKS VPC
 * resolver at 169.254.169.253. Names are unique per instance ({@code nld-<hex>-node}, ...), so
 * parallel runs and leftovers of a crashed run never collide.
 *
 * <p>IPv4 only by default; {@link IpStack#DUAL} ({@link #createDualStack()}) adds IPv6 to the node,
 * the pod, CoreDNS and the uplink: ULA addresses on those veths (without DAD; the node's DAD
 * defaults stay as they are for the agent's link), the node forwarding IPv6 with an IPv6 default
 * route, CoreDNS answering AAAA records over IPv6 too, and kube-proxy's DNAT of the IPv6 kube-dns
 * and kube-dns-upstream ClusterIPs in the node's {@code ip6tables} backend.
 *
 * <p>{@link #close()} stops every process it started (by PID), deletes the namespaces and their
 * {@code /etc/netns} directories, even when building failed half-way.
 */
final class SimulatedNode implements AutoCloseable {
  /** Where {@code ip netns exec} finds a namespace's own resolv.conf. */
  static final Path ETC_NETNS = Path.of("/etc/netns");

  /**
   * The interface names on the node side; interface names are per namespace, so fixed names are
   * fine.
   */
  private static final String POD_VETH = "vpod1";

  private static final String COREDNS_VETH = "vcd";
  private static final String UPLINK_VETH = "vext";
  private static final String VPC_VETH = "vvpc";
  private static final String PEER = "eth0";

  private final String prefix;
  private final Path dir;
  private final KubeProxy kubeProxy;
  private final IpStack stack;
  private final List<String> namespaces = new ArrayList<>();
  private final List<AutoCloseable> processes = new ArrayList<>();
  private UnboundStandIn coreDns;
  private UnboundStandIn nodeResolver;
  private UnboundStandIn vpcResolver;

  private SimulatedNode(String prefix, Path dir, KubeProxy kubeProxy, IpStack stack) {
    this.prefix = prefix;
    this.dir = dir;
    this.kubeProxy = kubeProxy;
    this.stack = stack;
  }

  /** A node whose kube-proxy runs in iptables mode through plain {@code iptables}. */
  static SimulatedNode create() {
    return create(KubeProxy.IPTABLES);
  }

  /** An IPv4-only node whose kube-proxy runs as {@code kubeProxy} says. */
  static SimulatedNode create(KubeProxy kubeProxy) {
    return create(kubeProxy, IpStack.IPV4);
  }

  /**
   * A dual-stack node (IPv4 and IPv6) whose kube-proxy runs in iptables mode through plain {@code
   * iptables} and {@code ip6tables}.
   */
  static SimulatedNode createDualStack() {
    return create(KubeProxy.IPTABLES, IpStack.DUAL);
  }

  /**
   * Builds the whole node and starts its DNS servers; cleans up what it made if a step fails. A
   * dual-stack node needs kube-proxy in an iptables mode (its IPv6 ClusterIPs DNATed in {@code
   * ip6tables}).
   */
  static SimulatedNode create(KubeProxy kubeProxy, IpStack stack) {
    if (stack == IpStack.DUAL
        && !List.of(KubeProxy.IPTABLES, KubeProxy.IPTABLES_LEGACY, KubeProxy.IPTABLES_NFT)
            .contains(kubeProxy)) {
      throw new IllegalArgumentException(
          "a dual-stack node imitates kube-proxy in iptables mode only, not " + kubeProxy);
    }
    String prefix =
        "nld-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    Path dir;
    try {
      dir = Files.createTempDirectory(prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SimulatedNode node = new SimulatedNode(prefix, dir, kubeProxy, stack);
    try {
      node.build();
      return node;
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
  }

  String node() {
    return prefix + "-node";
  }

  String pod() {
    return prefix + "-pod1";
  }

  String coreDnsNs() {
    return prefix + "-coredns";
  }

  String externalNs() {
    return prefix + "-ext";
  }

  String vpcNs() {
    return prefix + "-vpc";
  }

  /** A directory of this node's own for Corefiles, pid files and logs. */
  Path dir() {
    return dir;
  }

  UnboundStandIn coreDns() {
    return coreDns;
  }

  UnboundStandIn nodeResolver() {
    return nodeResolver;
  }

  UnboundStandIn vpcResolver() {
    return vpcResolver;
  }

  KubeProxy kubeProxy() {
    return kubeProxy;
  }

  IpStack stack() {
    return stack;
  }

  boolean dualStack() {
    return stack == IpStack.DUAL;
  }

  /** The iptables command of the node's backend: {@code iptables}, {@code iptables-legacy}, ... */
  String iptables() {
    return kubeProxy.iptables();
  }

  /** {@code iptables ARGS} in the node, with the node's backend. */
  Commands.Result iptablesInNode(String... args) {
    return programInNode(iptables(), args);
  }

  /** The ip6tables command of the node's backend: {@code ip6tables}, {@code ip6tables-legacy}... */
  String ip6tables() {
    return kubeProxy.ip6tables();
  }

  /** {@code ip6tables ARGS} in the node, with the node's backend. */
  Commands.Result ip6tablesInNode(String... args) {
    return programInNode(ip6tables(), args);
  }

  private Commands.Result programInNode(String program, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = program;
    System.arraycopy(args, 0, command, 1, args.length);
    return inNode(command);
  }

  /** A command in the node namespace. */
  Commands.Result inNode(String... command) {
    return Commands.inNs(node(), command);
  }

  /** A process to stop on {@link #close()}, e.g. an agent a test forgot. */
  void track(AutoCloseable process) {
    processes.add(process);
  }

  private void build() {
    for (String ns : List.of(node(), pod(), coreDnsNs(), externalNs(), vpcNs())) {
      Commands.check("ip", "netns", "add", ns);
      namespaces.add(ns);
      Commands.check("ip", "-n", ns, "link", "set", "lo", "up");
    }
    if (dualStack()) {
      for (String ns : List.of(node(), pod(), coreDnsNs(), externalNs())) {
        // before the veths, so that they are made with IPv6 on ("default")
        Commands.checkInNs(
            ns,
            "sysctl",
            "-qw",
            "net.ipv6.conf.all.disable_ipv6=0",
            "net.ipv6.conf.default.disable_ipv6=0");
      }
    }
    veth(POD_VETH, pod(), POD_GATEWAY, POD_IP);
    veth(COREDNS_VETH, coreDnsNs(), COREDNS_GATEWAY, COREDNS_IP);
    veth(UPLINK_VETH, externalNs(), NODE_UPLINK_IP, EXTERNAL_RESOLVER);
    veth(VPC_VETH, vpcNs(), VPC_GATEWAY, VPC_LINK_IP);
    if (dualStack()) {
      veth6(POD_VETH, pod(), POD_GATEWAY6, POD_IP6);
      veth6(COREDNS_VETH, coreDnsNs(), COREDNS_GATEWAY6, COREDNS_IP6);
      veth6(UPLINK_VETH, externalNs(), NODE_UPLINK_IP6, UPLINK_GATEWAY6);
      // the IPv6 default route, as the IPv4 one: the node's own way to kube-dns-upstream's IPv6
      // ClusterIP before kube-proxy's OUTPUT DNAT redirects it
      Commands.check("ip", "-n", node(), "-6", "route", "add", "default", "via", UPLINK_GATEWAY6);
      Commands.checkInNs(node(), "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
    }
    // the node's uplink is its default route, as on a real node: kube-dns-upstream's ClusterIP
    // needs
    // a route before kube-proxy's OUTPUT DNAT can redirect it
    Commands.check("ip", "-n", node(), "route", "add", "default", "via", EXTERNAL_RESOLVER);
    // 169.254.169.253 sits behind its own link, as the VPC resolver is reached from an EC2 node
    Commands.check("ip", "-n", vpcNs(), "addr", "add", VPC_RESOLVER + "/32", "dev", PEER);
    Commands.check("ip", "-n", node(), "route", "add", VPC_RESOLVER + "/32", "via", VPC_LINK_IP);
    Commands.checkInNs(node(), "sysctl", "-qw", "net.ipv4.ip_forward=1");
    switch (kubeProxy) {
      case IPTABLES, IPTABLES_LEGACY, IPTABLES_NFT -> iptablesKubeProxy();
      case IPVS -> ipvsKubeProxy();
      case NFTABLES -> nftablesKubeProxy();
    }
    if (dualStack()) {
      ip6tablesKubeProxy();
    }
    resolvConf(node(), "nameserver " + EXTERNAL_RESOLVER + "\n");
    resolvConf(
        pod(),
        "search default.svc."
            + CLUSTER_DOMAIN
            + " svc."
            + CLUSTER_DOMAIN
            + " "
            + CLUSTER_DOMAIN
            + "\nnameserver "
            + KUBE_DNS
            + "\noptions ndots:5\n");
    startServers();
  }

  /**
   * A veth from the node ({@code nodeSide}, {@code nodeIp}/24) to {@code peerNs} ({@code
   * peerIp}/24, default route back).
   */
  private void veth(String nodeSide, String peerNs, String nodeIp, String peerIp) {
    Commands.check(
        "ip", "link", "add", nodeSide, "netns", node(), "type", "veth", "peer", "name", PEER,
        "netns", peerNs);
    if (dualStack() && !peerNs.equals(vpcNs())) {
      // before the links come up: their IPv6 addresses (link-local ones too) are usable at once,
      // where DAD would leave a pod's first IPv6 queries unanswered for a second or two; the
      // node's defaults stay as they are for the agent's link
      Commands.checkInNs(node(), "sysctl", "-qw", "net.ipv6.conf." + nodeSide + ".accept_dad=0");
      Commands.checkInNs(peerNs, "sysctl", "-qw", "net.ipv6.conf." + PEER + ".accept_dad=0");
    }
    Commands.check("ip", "-n", node(), "addr", "add", nodeIp + SUBNET_24, "dev", nodeSide);
    Commands.check("ip", "-n", node(), "link", "set", nodeSide, "up");
    Commands.check("ip", "-n", peerNs, "addr", "add", peerIp + SUBNET_24, "dev", PEER);
    Commands.check("ip", "-n", peerNs, "link", "set", PEER, "up");
    Commands.check("ip", "-n", peerNs, "route", "add", "default", "via", nodeIp);
  }

  /**
   * The IPv6 side of a veth made by {@link #veth} (without DAD on a dual-stack node): {@code
   * nodeIp}/64 and {@code peerIp}/64, and the peer's IPv6 default route back.
   */
  private void veth6(String nodeSide, String peerNs, String nodeIp, String peerIp) {
    Commands.check("ip", "-n", node(), "-6", "addr", "add", nodeIp + SUBNET_64, "dev", nodeSide);
    Commands.check("ip", "-n", peerNs, "-6", "addr", "add", peerIp + SUBNET_64, "dev", PEER);
    Commands.check("ip", "-n", peerNs, "-6", "route", "add", "default", "via", nodeIp);
  }

  /**
   * kube-proxy (iptables mode) in miniature: both DNS Services' ClusterIPs DNATed to the CoreDNS
   * pod.
   */
  private void iptablesKubeProxy() {
    kubeServicesChain();
    for (String clusterIp : List.of(KUBE_DNS, KUBE_DNS_UPSTREAM)) {
      for (String protocol : List.of("udp", "tcp")) {
        Commands.checkInNs(
            node(),
            iptables(),
            "-t",
            "nat",
            "-A",
            "KUBE-SERVICES",
            "-d",
            clusterIp + "/32",
            "-p",
            protocol,
            "--dport",
            String.valueOf(DNS_PORT),
            "-j",
            "DNAT",
            "--to-destination",
            COREDNS_IP + ":" + DNS_PORT);
      }
    }
  }

  /**
   * kube-proxy's IPv6 half on a dual-stack node, in the node's {@code ip6tables} backend: both DNS
   * Services' IPv6 ClusterIPs DNATed to the CoreDNS pod's IPv6 address.
   */
  private void ip6tablesKubeProxy() {
    ip6tablesInNode("-t", "nat", "-N", "KUBE-SERVICES").check();
    ip6tablesInNode("-t", "nat", "-A", "PREROUTING", "-j", "KUBE-SERVICES").check();
    ip6tablesInNode("-t", "nat", "-A", "OUTPUT", "-j", "KUBE-SERVICES").check();
    for (String clusterIp : List.of(KUBE_DNS6, KUBE_DNS_UPSTREAM6)) {
      for (String protocol : List.of("udp", "tcp")) {
        ip6tablesInNode(
                "-t",
                "nat",
                "-A",
                "KUBE-SERVICES",
                "-d",
                clusterIp + "/128",
                "-p",
                protocol,
                "--dport",
                String.valueOf(DNS_PORT),
                "-j",
                "DNAT",
                "--to-destination",
                "[" + COREDNS_IP6 + "]:" + DNS_PORT)
            .check();
      }
    }
  }

  /** kube-proxy's nat entry chain, jumped to from PREROUTING and OUTPUT. */
  private void kubeServicesChain() {
    iptablesInNode("-t", "nat", "-N", "KUBE-SERVICES").check();
    iptablesInNode("-t", "nat", "-A", "PREROUTING", "-j", "KUBE-SERVICES").check();
    iptablesInNode("-t", "nat", "-A", "OUTPUT", "-j", "KUBE-SERVICES").check();
  }

  /**
   * kube-proxy in IPVS mode: the ClusterIPs on the {@code kube-ipvs0} dummy link (DOWN, as
   * kube-proxy leaves it), a masquerading IPVS virtual service per ClusterIP and protocol to the
   * CoreDNS pod, and kube-proxy's KUBE-SERVICES chain (its ipset-based rules are left out: nothing
   * here needs masquerading).
   */
  private void ipvsKubeProxy() {
    String link = KubeProxy.KUBE_IPVS_LINK;
    Commands.checkInNs(node(), "ip", "link", "add", link, "type", "dummy");
    for (String clusterIp : List.of(KUBE_DNS, KUBE_DNS_UPSTREAM)) {
      Commands.checkInNs(node(), "ip", "addr", "add", clusterIp + "/32", "dev", link);
      for (String protocol : List.of("-u", "-t")) {
        String service = clusterIp + ":" + DNS_PORT;
        Commands.checkInNs(node(), "ipvsadm", "-A", protocol, service, "-s", "rr");
        Commands.checkInNs(
            node(), "ipvsadm", "-a", protocol, service, "-r", COREDNS_IP + ":" + DNS_PORT, "-m");
      }
    }
    kubeServicesChain();
  }

  /**
   * kube-proxy in nftables mode, in its shape: {@code table ip kube-proxy}, nat chains hooked at
   * dstnat priority jumping to {@code services}, which DNATs each ClusterIP (with a counter, so a
   * test can tell whether a packet went through the DNAT).
   */
  private void nftablesKubeProxy() {
    StringBuilder services = new StringBuilder();
    for (String clusterIp : List.of(KUBE_DNS, KUBE_DNS_UPSTREAM)) {
      for (String protocol : List.of("udp", "tcp")) {
        services.append(
            "    ip daddr %s %s dport %d counter dnat to %s:%d\n"
                .formatted(clusterIp, protocol, DNS_PORT, COREDNS_IP, DNS_PORT));
      }
    }
    String ruleset =
        """
        table ip %s {
          chain services {
        %s  }
          chain nat-prerouting {
            type nat hook prerouting priority dstnat; policy accept;
            jump services
          }
          chain nat-output {
            type nat hook output priority -100; policy accept;
            jump services
          }
        }
        """
            .formatted(KubeProxy.NFT_TABLE, services);
    Path file = dir.resolve("kube-proxy.nft");
    try {
      Files.writeString(file, ruleset, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Commands.checkInNs(node(), "nft", "-f", file.toString());
  }

  private void startServers() {
    List<String> coreDnsRecords =
        new ArrayList<>(
            List.of(
                UnboundStandIn.record(KUBERNETES_NAME, KUBERNETES_IP),
                UnboundStandIn.record(WEB_NAME, WEB_IP)));
    for (int i = 0; i < SERVICES; i++) {
      coreDnsRecords.add(UnboundStandIn.record(serviceName(i), serviceIp(i)));
    }
    if (dualStack()) {
      coreDnsRecords.add(UnboundStandIn.recordAaaa(KUBERNETES_NAME, KUBERNETES_IP6));
      coreDnsRecords.add(UnboundStandIn.recordAaaa(WEB_NAME, WEB_IP6));
    }
    coreDns =
        UnboundStandIn.start(
            "CoreDNS stand-in",
            coreDnsNs(),
            dir.resolve("coredns"),
            dualStack() ? List.of(COREDNS_IP, COREDNS_IP6) : List.of(COREDNS_IP),
            CLUSTER_DOMAIN,
            coreDnsRecords,
            KUBERNETES_NAME);
    processes.add(coreDns);
    nodeResolver =
        UnboundStandIn.start(
            "node resolver stand-in",
            externalNs(),
            dir.resolve("ext"),
            EXTERNAL_RESOLVER,
            "example.com",
            List.of(UnboundStandIn.record(EXTERNAL_NAME, EXTERNAL_IP_FROM_NODE_RESOLVER)),
            EXTERNAL_NAME);
    processes.add(nodeResolver);
    vpcResolver =
        UnboundStandIn.start(
            "VPC resolver stand-in",
            vpcNs(),
            dir.resolve("vpc"),
            VPC_RESOLVER,
            "example.com",
            List.of(UnboundStandIn.record(EXTERNAL_NAME, EXTERNAL_IP_FROM_VPC_RESOLVER)),
            EXTERNAL_NAME);
    processes.add(vpcResolver);
  }

  private void resolvConf(String ns, String content) {
    try {
      Path etc = ETC_NETNS.resolve(ns);
      Files.createDirectories(etc);
      Files.writeString(etc.resolve("resolv.conf"), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops processes (newest first), deletes namespaces and their /etc/netns entries, then the
   * directory.
   */
  @Override
  public void close() {
    List<Throwable> failures = new ArrayList<>();
    for (AutoCloseable process : processes.reversed()) {
      try {
        process.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    for (String ns : namespaces) {
      Commands.Result deleted = Commands.run(List.of("ip", "netns", "del", ns));
      if (!deleted.ok()) {
        failures.add(new IllegalStateException(deleted.toString()));
      }
    }
    for (String ns : List.of(node(), pod(), coreDnsNs(), externalNs(), vpcNs())) {
      deleteTree(ETC_NETNS.resolve(ns), failures);
    }
    if (!Boolean.getBoolean("nld.keep")) {
      deleteTree(dir, failures);
    }
    if (!failures.isEmpty()) {
      IllegalStateException e = new IllegalStateException("cleaning up " + prefix + " failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  private static void deleteTree(Path root, List<Throwable> failures) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      failures.add(e);
    }
  }

  @Override
  public String toString() {
    return "simulated node " + prefix + (dualStack() ? ", dual-stack" : "") + " (" + dir + ")";
  }
}
