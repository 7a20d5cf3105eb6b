package io.nodelocaldns.modes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nodelocaldns.modes.mode.IptablesMode;
import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.NodeOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code ip} and {@code iptables} in a fresh network namespace per test; the host's own
 * namespace is never touched. Skipped unless root and {@code ip netns} work.
 */
class NetnsNodeNetworkTest {
  static final String LINK = "nodelocaldns";
  static final String CLUSTER_IP = "10.96.0.10";

  private final CommandRunner host = new ProcessCommandRunner();
  private String namespace;
  private CommandRunner inside;

  static NodePlan plan() {
    LocalIps ips = new LocalIps(List.of(IpLiterals.of("169.254.20.10"), IpLiterals.of(CLUSTER_IP)));
    return new IptablesMode().plan(new NodeOptions(ips, LINK, LinkType.BRIDGE, true, true, 8080));
  }

  @BeforeEach
  void createNamespace() {
    CommandResult id = host.run(List.of("id", "-u"));
    assumeTrue(
        id.ok() && id.stdout().strip().equals("0"), "needs root and ip netns: not running as root");
    namespace = "nld-test-" + UUID.randomUUID().toString().substring(0, 8);
    CommandResult add = host.run(List.of("ip", "netns", "add", namespace));
    if (!add.ok()) {
      namespace = null;
    }
    assumeTrue(
        add.ok(), () -> "needs root and ip netns: " + add.describe(List.of("ip", "netns", "add")));
    inside = new NamespacedCommandRunner(namespace, host);
    sh("ip link set lo up");
  }

  @AfterEach
  void deleteNamespace() {
    if (namespace != null) {
      host.run(List.of("ip", "netns", "del", namespace));
    }
  }

  private CommandNodeNetwork network() {
    return CommandNodeNetwork.inNamespace(namespace, SetupErrors.NONE);
  }

  /**
   * Runs a command line (split on spaces) inside the namespace; returns stdout, failing on error.
   */
  private String sh(String line) {
    List<String> argv = Arrays.asList(line.split(" "));
    CommandResult result = inside.run(argv);
    assertThat(result.ok()).as(result.describe(argv)).isTrue();
    return result.stdout();
  }

  private List<String> lines(String line) {
    return sh(line).lines().toList();
  }

  private List<String> ours(String line) {
    return lines(line).stream().filter(l -> l.contains("NodeLocal DNS Cache")).toList();
  }

  private List<String> expectedRaw() {
    return Listings.save(plan().rules(), "raw", List.of("PREROUTING", "OUTPUT"));
  }

  @Test
  void setUpPutsTheSeedsListingOnTheNodeAndTheClusterIpIsLocal() {
    network().setUp(plan());

    List<String> raw = lines("iptables -t raw -S");
    assertThat(raw).containsExactlyElementsOf(expectedRaw());
    assertThat(lines("iptables -S INPUT"))
        .containsExactlyElementsOf(Listings.save(plan().rules(), "filter", List.of("INPUT")));
    assertThat(sh("ip -o addr show dev " + LINK))
        .contains("inet 169.254.20.10/32")
        .contains("inet " + CLUSTER_IP + "/32");
    assertThat(sh("ip route get " + CLUSTER_IP)).startsWith("local " + CLUSTER_IP);
  }

  @Test
  void aSecondSetUpAndARestartAdoptLeftoversWithoutDuplicates() {
    network().setUp(plan());
    network().setUp(plan()); // a new instance: as after SIGKILL and a restart
    CommandNodeNetwork again = network();
    again.setUp(plan());
    again.setUp(plan());

    assertThat(lines("iptables -t raw -S")).containsExactlyElementsOf(expectedRaw());
    assertThat(ours("iptables -S")).hasSize(12);
    assertThat(lines("ip -o addr show dev " + LINK)).hasSize(2);
  }

  @Test
  void reconcilePutsBackFlushedRulesAndADeletedAddress() {
    CommandNodeNetwork network = network();
    network.setUp(plan());
    sh("iptables -t raw -F");
    sh("iptables -D INPUT 1");
    sh("ip addr del " + CLUSTER_IP + "/32 dev " + LINK);

    network.reconcile(plan());

    assertThat(lines("iptables -t raw -S")).containsExactlyElementsOf(expectedRaw());
    assertThat(ours("iptables -S")).hasSize(12);
    assertThat(sh("ip route get " + CLUSTER_IP)).startsWith("local " + CLUSTER_IP);
  }

  @Test
  void reconcileRecreatesADeletedLink() {
    CommandNodeNetwork network = network();
    network.setUp(plan());
    sh("ip link del " + LINK);

    network.reconcile(plan());

    assertThat(lines("ip -o addr show dev " + LINK)).hasSize(2);
  }

  @Test
  void tearDownLeavesNothingEvenDuplicates() {
    CommandNodeNetwork network = network();
    network.setUp(plan());
    // A duplicate, as an older agent or a second instance could leave.
    List<String> duplicate =
        new ArrayList<>(
            new Iptables(null, IptablesBackend.DEFAULT).argv("-I", plan().rules().getFirst()));
    assertThat(inside.run(duplicate).ok()).isTrue();

    network.tearDown(plan());

    assertThat(lines("iptables -t raw -S"))
        .containsExactly("-P PREROUTING ACCEPT", "-P OUTPUT ACCEPT");
    assertThat(ours("iptables -S")).isEmpty();
    assertThat(inside.run(List.of("ip", "link", "show", LINK)).ok()).isFalse();
    // No route at all in an empty namespace: what matters is that the address is not local.
    assertThat(inside.run(List.of("ip", "route", "get", CLUSTER_IP)).stdout())
        .doesNotStartWith("local");
  }

  @Test
  void aLegacyNodeGetsLegacyRulesAndNoneInNft() {
    sh("iptables-legacy -t nat -N KUBE-SERVICES");

    CommandNodeNetwork network = network();
    network.setUp(plan());

    assertThat(network.backend()).contains(IptablesBackend.LEGACY);
    assertThat(ours("iptables-legacy -t raw -S")).hasSize(16);
    assertThat(ours("iptables-legacy -S")).hasSize(12);
    assertThat(ours("iptables-nft-save")).isEmpty();
    network.tearDown(plan());
    assertThat(ours("iptables-legacy-save")).isEmpty();
  }

  @Test
  void anNftNodeGetsNftRulesAndNoneInLegacy() {
    sh("iptables-nft -t nat -N KUBE-SERVICES");

    CommandNodeNetwork network = network();
    network.setUp(plan());

    assertThat(network.backend()).contains(IptablesBackend.NFT);
    assertThat(ours("iptables-nft -t raw -S")).hasSize(16);
    assertThat(ours("iptables-legacy-save")).isEmpty();
  }

  @Test
  void kubeProxyChainsInBothBackendsAreRefusedAndTheNodeLeftAlone() {
    sh("iptables-legacy -t nat -N KUBE-SERVICES");
    sh("iptables-nft -t nat -N KUBE-SERVICES");

    assertThatThrownBy(() -> network().setUp(plan()))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("iptables-legacy")
        .hasMessageContaining("iptables-nft");
    assertThat(inside.run(List.of("ip", "link", "show", LINK)).ok()).isFalse();
  }

  @Test
  void aClusterIpOnKubeIpvs0IsRefusedAndNothingIsCreated() {
    sh("ip link add kube-ipvs0 type bridge");
    sh("ip addr add " + CLUSTER_IP + "/32 dev kube-ipvs0");

    assertThatThrownBy(() -> network().setUp(plan()))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("kube-ipvs0")
        .hasMessageContaining("--mode ipvs");
    assertThat(inside.run(List.of("ip", "link", "show", LINK)).ok()).isFalse();
    assertThat(ours("iptables-save")).isEmpty();
  }

  @Test
  void ipv6AddressesGetIp6tablesRulesAndA128() {
    LocalIps ips = new LocalIps(List.of(IpLiterals.of("fd00::10")));
    NodePlan v6 =
        new IptablesMode().plan(new NodeOptions(ips, LINK, LinkType.BRIDGE, true, true, 8080));
    CommandNodeNetwork network = network();

    network.setUp(v6);

    assertThat(lines("ip6tables -t raw -S"))
        .containsExactlyElementsOf(
            Listings.save(v6.rules(), "raw", List.of("PREROUTING", "OUTPUT")));
    assertThat(sh("ip -o addr show dev " + LINK)).contains("inet6 fd00::10/128");
    assertThat(ours("iptables-save")).isEmpty();
    network.tearDown(v6);
    assertThat(ours("ip6tables-save")).isEmpty();
  }

  @Test
  void ipv6AddressesAreAddedNodadSoTheyServeAtOnce_andATentativeOneIsAddedAgain() {
    // someone added the IPv6 ClusterIP without nodad: on a link that is down it stays tentative
    sh("ip link add " + LINK + " type bridge");
    sh("ip addr add fd00:10:96::a/128 dev " + LINK);
    assertThat(sh("ip -o addr show dev " + LINK)).contains("tentative");
    LocalIps ips =
        new LocalIps(
            List.of(
                IpLiterals.of("169.254.20.10"),
                IpLiterals.of(CLUSTER_IP),
                IpLiterals.of("fd00::10"),
                IpLiterals.of("fd00:10:96::a")));
    NodePlan dual =
        new IptablesMode().plan(new NodeOptions(ips, LINK, LinkType.BRIDGE, true, true, 8080));
    CommandNodeNetwork network = network();

    network.setUp(dual);

    String addresses = sh("ip -o addr show dev " + LINK);
    assertThat(addresses)
        .contains("inet6 fd00::10/128 scope global nodad")
        .contains("inet6 fd00:10:96::a/128 scope global nodad")
        .doesNotContain("tentative");
    assertThat(sh("ip -6 route get fd00:10:96::a")).startsWith("local fd00:10:96::a");

    sh("ip addr del fd00::10/128 dev " + LINK);
    network.reconcile(dual);
    assertThat(sh("ip -o addr show dev " + LINK))
        .contains("inet6 fd00::10/128 scope global nodad")
        .doesNotContain("tentative");
    network.tearDown(dual);
    assertThat(ours("ip6tables-save")).isEmpty();
  }

  @Test
  void aKernelWithoutDummyNamesLinkTypeBridge() {
    CommandResult probe = inside.run(List.of("ip", "link", "add", "nld-probe", "type", "dummy"));
    assumeTrue(!probe.ok(), "this kernel has the dummy driver; nothing to prove");
    LocalIps ips = new LocalIps(List.of(IpLiterals.of("169.254.20.10")));
    NodePlan dummy =
        new IptablesMode().plan(new NodeOptions(ips, LINK, LinkType.DUMMY, true, true, 8080));

    assertThatThrownBy(() -> network().setUp(dummy))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("--link-type bridge");
    assertThat(ours("iptables-save")).isEmpty();
  }
}
