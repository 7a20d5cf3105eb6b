package io.nodelocaldns.modes.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.modes.node.IpFamily;
import io.nodelocaldns.modes.node.IpLiterals;
import io.nodelocaldns.modes.node.IptablesRule;
import io.nodelocaldns.modes.node.LinkPlan;
import io.nodelocaldns.modes.node.LinkType;
import io.nodelocaldns.modes.node.Listings;
import io.nodelocaldns.modes.node.NodePlan;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModesTest {
  static final String SKIP = "\"NodeLocal DNS Cache: skip conntrack\"";
  static final String ALLOW = "\"NodeLocal DNS Cache: allow DNS traffic\"";

  /** The seed's {@code iptables -t raw -nL} for -localip 169.254.20.10,10.100.0.10, as -S lines. */
  static final List<String> SEED_RAW =
      List.of(
          "-P PREROUTING ACCEPT",
          "-P OUTPUT ACCEPT",
          "-A PREROUTING -d 10.100.0.10/32 -p udp -m udp --dport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A PREROUTING -d 10.100.0.10/32 -p tcp -m tcp --dport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A PREROUTING -d 169.254.20.10/32 -p udp -m udp --dport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A PREROUTING -d 169.254.20.10/32 -p tcp -m tcp --dport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A OUTPUT -d 10.100.0.10/32 -p udp -m udp --dport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A OUTPUT -d 10.100.0.10/32 -p tcp -m tcp --dport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A OUTPUT -s 10.100.0.10/32 -p udp -m udp --sport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A OUTPUT -s 10.100.0.10/32 -p tcp -m tcp --sport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A OUTPUT -d 169.254.20.10/32 -p udp -m udp --dport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A OUTPUT -d 169.254.20.10/32 -p tcp -m tcp --dport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A OUTPUT -s 169.254.20.10/32 -p udp -m udp --sport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK",
          "-A OUTPUT -s 169.254.20.10/32 -p tcp -m tcp --sport 53 -m comment --comment "
              + SKIP
              + " -j NOTRACK");

  static LocalIps ips(String... ips) {
    return new LocalIps(Arrays.stream(ips).map(IpLiterals::of).toList());
  }

  static InetAddress ip(String ip) {
    return IpLiterals.of(ip);
  }

  static NodeOptions options(LocalIps ips, boolean setupInterface, boolean setupIptables) {
    return new NodeOptions(
        ips, "nodelocaldns", LinkType.DUMMY, setupInterface, setupIptables, 8080);
  }

  static List<IptablesRule> dnsOnly(List<IptablesRule> rules) {
    return rules.stream().filter(rule -> rule.spec().contains("53")).toList();
  }

  @Test
  void iptablesModeRawRulesAreTheSeedsListing() {
    NodePlan plan =
        new IptablesMode().plan(options(ips("169.254.20.10", "10.100.0.10"), true, true));

    assertThat(Listings.save(dnsOnly(plan.rules()), "raw", List.of("PREROUTING", "OUTPUT")))
        .containsExactlyElementsOf(SEED_RAW);
  }

  @Test
  void iptablesModeFilterRulesAcceptDnsToAndFromEachIp() {
    NodePlan plan =
        new IptablesMode().plan(options(ips("169.254.20.10", "10.100.0.10"), true, true));

    assertThat(Listings.save(dnsOnly(plan.rules()), "filter", List.of("INPUT", "OUTPUT")))
        .containsExactly(
            "-P INPUT ACCEPT",
            "-P OUTPUT ACCEPT",
            "-A INPUT -d 10.100.0.10/32 -p udp -m udp --dport 53 -m comment --comment "
                + ALLOW
                + " -j ACCEPT",
            "-A INPUT -d 10.100.0.10/32 -p tcp -m tcp --dport 53 -m comment --comment "
                + ALLOW
                + " -j ACCEPT",
            "-A INPUT -d 169.254.20.10/32 -p udp -m udp --dport 53 -m comment --comment "
                + ALLOW
                + " -j ACCEPT",
            "-A INPUT -d 169.254.20.10/32 -p tcp -m tcp --dport 53 -m comment --comment "
                + ALLOW
                + " -j ACCEPT",
            "-A OUTPUT -s 10.100.0.10/32 -p udp -m udp --sport 53 -m comment --comment "
                + ALLOW
                + " -j ACCEPT",
            "-A OUTPUT -s 10.100.0.10/32 -p tcp -m tcp --sport 53 -m comment --comment "
                + ALLOW
                + " -j ACCEPT",
            "-A OUTPUT -s 169.254.20.10/32 -p udp -m udp --sport 53 -m comment --comment "
                + ALLOW
                + " -j ACCEPT",
            "-A OUTPUT -s 169.254.20.10/32 -p tcp -m tcp --sport 53 -m comment --comment "
                + ALLOW
                + " -j ACCEPT");
  }

  @Test
  void theHealthPortIsNotrackedAndAcceptedOnEachLocalIp() {
    NodePlan plan = new IptablesMode().plan(options(ips("169.254.20.10"), true, true));

    assertThat(plan.rules().stream().filter(r -> r.spec().contains("8080")).map(Listings::line))
        .containsExactly(
            "-A OUTPUT -d 169.254.20.10/32 -p tcp -m tcp --dport 8080 -m comment --comment "
                + SKIP
                + " -j NOTRACK",
            "-A OUTPUT -s 169.254.20.10/32 -p tcp -m tcp --sport 8080 -m comment --comment "
                + SKIP
                + " -j NOTRACK",
            "-A INPUT -d 169.254.20.10/32 -p tcp -m tcp --dport 8080 -m comment --comment "
                + ALLOW
                + " -j ACCEPT",
            "-A OUTPUT -s 169.254.20.10/32 -p tcp -m tcp --sport 8080 -m comment --comment "
                + ALLOW
                + " -j ACCEPT");
    assertThat(plan.rules()).hasSize(14);
  }

  @Test
  void iptablesModePutsAndBindsEveryLocalIp() {
    LocalIps ips = ips("169.254.20.10", "10.100.0.10");
    IptablesMode mode = new IptablesMode();

    assertThat(mode.plan(options(ips, true, true)).link())
        .contains(new LinkPlan("nodelocaldns", LinkType.DUMMY, ips.all()));
    assertThat(mode.listenAddresses(ips)).isEqualTo(ips.all());
    assertThat(mode.kubeletAdvice(ips)).isEmpty();
  }

  @Test
  void ipvsModeOwnsOnlyTheLinkLocalIp() {
    LocalIps ips = ips("169.254.20.10", "10.100.0.10");
    IpvsMode mode = new IpvsMode();
    NodePlan plan = mode.plan(options(ips, true, true));
    List<InetAddress> linkLocal = List.of(IpLiterals.of("169.254.20.10"));

    assertThat(plan.link()).contains(new LinkPlan("nodelocaldns", LinkType.DUMMY, linkLocal));
    assertThat(plan.rules()).allSatisfy(rule -> assertThat(rule.spec()).contains("169.254.20.10"));
    assertThat(plan.rules()).hasSize(14);
    assertThat(mode.listenAddresses(ips)).isEqualTo(linkLocal);
    assertThat(mode.kubeletAdvice(ips))
        .contains("--cluster-dns=169.254.20.10 (kubelet config: clusterDNS: [169.254.20.10])");
  }

  @Test
  void ipvsModeWithoutANodeLocalIpSaysWhatItNeeds() {
    assertThatThrownBy(() -> new IpvsMode().plan(options(ips("10.96.0.10"), true, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-localip")
        .hasMessageContaining("169.254.20.10");
  }

  @Test
  void localModeNeedsNothing() {
    LocalIps ips = ips("169.254.20.10", "10.100.0.10");
    LocalMode mode = new LocalMode();

    assertThat(mode.plan(options(ips, true, true))).isEqualTo(NodePlan.NOTHING);
    assertThat(mode.listenAddresses(ips)).isEmpty();
    assertThat(mode.kubeletAdvice(ips)).isEmpty();
  }

  @Test
  void flagsOffLeaveOutTheLinkOrTheRules() {
    LocalIps ips = ips("169.254.20.10", "10.100.0.10");

    NodePlan noInterface = new IptablesMode().plan(options(ips, false, true));
    assertThat(noInterface.link()).isEmpty();
    assertThat(noInterface.rules()).hasSize(28);

    NodePlan noIptables = new IptablesMode().plan(options(ips, true, false));
    assertThat(noIptables.link()).isPresent();
    assertThat(noIptables.rules()).isEmpty();
  }

  @Test
  void ipv6AddressesGetIp6tablesRules() {
    NodePlan plan = new IptablesMode().plan(options(ips("fd00::10"), true, true));

    assertThat(plan.rules()).allSatisfy(rule -> assertThat(rule.family()).isEqualTo(IpFamily.IPV6));
    assertThat(Listings.line(plan.rules().getFirst()))
        .isEqualTo(
            "-A PREROUTING -d fd00::10/128 -p udp -m udp --dport 53 -m comment --comment "
                + SKIP
                + " -j NOTRACK");
  }

  /** Dual-stack: 169.254.20.10 and fd00::10 are node-local, the rest kube-dns ClusterIPs. */
  static final String[] DUAL_STACK = {"169.254.20.10", "10.96.0.10", "fd00::10", "fd00:10:96::a"};

  @Test
  void theNodeLocalAddressesAreTheLinkLocalIpv4OnesAndTheFirstIpv6One() {
    LocalIps dual = ips(DUAL_STACK);
    assertThat(dual.nodeLocal()).containsExactly(ip("169.254.20.10"), ip("fd00::10"));
    assertThat(dual.clusterIps()).containsExactly(ip("10.96.0.10"), ip("fd00:10:96::a"));

    LocalIps ipv6Only = ips("fd00::10", "fd00:10:96::a");
    assertThat(ipv6Only.nodeLocal()).containsExactly(ip("fd00::10"));
    assertThat(ipv6Only.clusterIps()).containsExactly(ip("fd00:10:96::a"));

    assertThat(ips("169.254.20.10", "10.96.0.10").nodeLocal())
        .as("IPv4 only: as before")
        .containsExactly(ip("169.254.20.10"));
  }

  @Test
  void iptablesModeOnADualStackNodeOwnsBothFamiliesWithRulesInEachTable() {
    LocalIps ips = ips(DUAL_STACK);
    NodePlan plan = new IptablesMode().plan(options(ips, true, true));

    assertThat(plan.link()).contains(new LinkPlan("nodelocaldns", LinkType.DUMMY, ips.all()));
    assertThat(plan.rules()).hasSize(4 * 14);
    assertThat(plan.rules().stream().filter(rule -> rule.family() == IpFamily.IPV6))
        .hasSize(2 * 14)
        .allSatisfy(rule -> assertThat(String.join(" ", rule.spec())).contains(":"));
    assertThat(new IptablesMode().listenAddresses(ips)).isEqualTo(ips.all());
  }

  @Test
  void ipvsModeOnADualStackNodeOwnsBothNodeLocalAddressesAndTellsTheKubeletBoth() {
    LocalIps ips = ips(DUAL_STACK);
    IpvsMode mode = new IpvsMode();
    List<InetAddress> nodeLocal = List.of(ip("169.254.20.10"), ip("fd00::10"));

    assertThat(mode.plan(options(ips, true, true)).link())
        .contains(new LinkPlan("nodelocaldns", LinkType.DUMMY, nodeLocal));
    assertThat(mode.plan(options(ips, true, true)).rules())
        .noneSatisfy(rule -> assertThat(rule.spec()).contains("fd00:10:96::a"))
        .noneSatisfy(rule -> assertThat(rule.spec()).contains("10.96.0.10"));
    assertThat(mode.listenAddresses(ips)).isEqualTo(nodeLocal);
    assertThat(mode.kubeletAdvice(ips))
        .contains(
            "--cluster-dns=169.254.20.10,fd00::10 (kubelet config: clusterDNS: [169.254.20.10,"
                + " fd00::10])");
  }

  @Test
  void autoOnADualStackNodePicksIptablesForClusterIpsAndIpvsForNodeLocalOnly() {
    assertThat(ModeSelector.select("auto", ips(DUAL_STACK)).name()).isEqualTo("iptables");
    assertThat(ModeSelector.select("auto", ips("169.254.20.10", "fd00::10")).name())
        .isEqualTo("ipvs");
    assertThat(ModeSelector.select("auto", ips("fd00::10")).name()).isEqualTo("ipvs");
  }

  @Test
  void autoPicksIptablesForAClusterIpAndIpvsForLinkLocalOnly() {
    assertThat(ModeSelector.select("auto", ips("169.254.20.10", "10.96.0.10")).name())
        .isEqualTo("iptables");
    assertThat(ModeSelector.select("auto", ips("169.254.20.10")).name()).isEqualTo("ipvs");
    assertThat(ModeSelector.select("IPVS", ips("169.254.20.10", "10.96.0.10")).name())
        .isEqualTo("ipvs");
    assertThat(ModeSelector.select("local", ips("169.254.20.10")).name()).isEqualTo("local");
  }

  @Test
  void autoOnANodeWhereKubeIpvs0HoldsTheClusterIpPicksIpvsOnTheLinkLocalAddressAndWarns() {
    ModeSelector.Selection selection =
        ModeSelector.auto(
            ips("169.254.20.10", "10.96.0.10"),
            new ModeSelector.NodeFacts(List.of(ip("10.96.0.10"), ip("10.96.0.11"))));

    assertThat(selection.mode().name()).isEqualTo("ipvs");
    assertThat(selection.mode().listenAddresses(ips("169.254.20.10", "10.96.0.10")))
        .containsExactly(ip("169.254.20.10"));
    assertThat(selection.warning())
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("10.96.0.10", "kube-ipvs0", "IPVS mode", "169.254.20.10")
                    .contains("clusterDNS", "--cluster-dns=169.254.20.10"));
  }

  @Test
  void autoPicksIptablesWhenKubeIpvs0HoldsOtherClusterIpsOnly_andSaysNothing() {
    ModeSelector.Selection selection =
        ModeSelector.auto(
            ips("169.254.20.10", "10.96.0.10"),
            new ModeSelector.NodeFacts(List.of(ip("10.96.0.1"))));

    assertThat(selection.mode().name()).isEqualTo("iptables");
    assertThat(selection.warning()).isEmpty();
    assertThat(ModeSelector.auto(ips("169.254.20.10"), ModeSelector.NodeFacts.NONE).warning())
        .isEmpty();
  }

  @Test
  void autoWithTheClusterIpOnKubeIpvs0AndNoLinkLocalAddressIsRefusedSayingWhatToAdd() {
    assertThatThrownBy(
            () ->
                ModeSelector.auto(
                    ips("10.96.0.10"), new ModeSelector.NodeFacts(List.of(ip("10.96.0.10")))))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("kube-ipvs0")
        .hasMessageContaining("-localip 169.254.20.10");
  }

  @Test
  void anExplicitModeIgnoresTheNodeFacts() {
    assertThat(
            ModeSelector.select(
                    ModeChoice.IPTABLES,
                    ips("169.254.20.10", "10.96.0.10"),
                    new ModeSelector.NodeFacts(List.of(ip("10.96.0.10"))))
                .mode()
                .name())
        .isEqualTo("iptables");
  }

  @Test
  void anUnknownModeListsTheValidOnes() {
    assertThatThrownBy(() -> ModeSelector.select("nftables", ips("169.254.20.10")))
        .hasMessage("--mode: nftables (expected: one of iptables, ipvs, local, auto)");
  }
}
