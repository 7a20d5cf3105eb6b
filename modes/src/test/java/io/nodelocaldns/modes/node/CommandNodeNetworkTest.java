package io.nodelocaldns.modes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.modes.mode.IptablesMode;
import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.NodeOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandNodeNetworkTest {
  static final CommandResult DUMMY_MISSING =
      new CommandResult(2, "", "Error: Unknown device type.\n");
  static final CommandResult LOCK_TIMEOUT =
      new CommandResult(
          4, "", "Another app is currently holding the xtables lock. Stopped waiting after 5s.\n");

  static NodePlan plan(LinkType type) {
    LocalIps ips =
        new LocalIps(List.of(IpLiterals.of("169.254.20.10"), IpLiterals.of("10.96.0.10")));
    return new IptablesMode().plan(new NodeOptions(ips, "nodelocaldns", type, true, true, 8080));
  }

  static CommandNodeNetwork network(RecordingCommandRunner runner, SetupErrors errors) {
    return new CommandNodeNetwork(runner, errors, Optional.of(IptablesBackend.NFT));
  }

  /** Counts setup errors by type, for assertions. */
  static final class Counted implements SetupErrors {
    final List<Type> counted = new ArrayList<>();

    @Override
    public void count(Type type) {
      counted.add(type);
    }
  }

  @Test
  void setUpCreatesTheLinkTheAddressesAndInsertsEveryRule() {
    RecordingCommandRunner runner = new RecordingCommandRunner();

    network(runner, SetupErrors.NONE).setUp(plan(LinkType.BRIDGE));

    assertThat(runner.lines("ip link add")).containsExactly("ip link add nodelocaldns type bridge");
    assertThat(runner.lines("ip addr add"))
        .containsExactly(
            "ip addr add 169.254.20.10/32 dev nodelocaldns",
            "ip addr add 10.96.0.10/32 dev nodelocaldns");
    assertThat(runner.lines("iptables-nft -w 5 -t raw -I")).hasSize(16);
    assertThat(runner.lines("iptables-nft -w 5 -t filter -I")).hasSize(12);
    // Inserted last, listed first: the plan's first rule.
    assertThat(runner.lines("iptables-nft -w 5 -t raw -I").getLast())
        .isEqualTo(
            "iptables-nft -w 5 -t raw -I PREROUTING -p udp -d 10.96.0.10 --dport 53 -j NOTRACK"
                + " -m comment --comment NodeLocal DNS Cache: skip conntrack");
  }

  @Test
  void setUpOverLeftoversAdoptsThem() {
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .answer("ip link show nodelocaldns", CommandResult.OK)
            .answer(
                "ip -o addr show dev nodelocaldns",
                new CommandResult(
                    0,
                    "5: nodelocaldns    inet 169.254.20.10/32 scope global nodelocaldns\\\n"
                        + "5: nodelocaldns    inet 10.96.0.10/32 scope global nodelocaldns\\\n",
                    ""))
            .answer("iptables-nft -w 5 -t", CommandResult.OK);

    network(runner, SetupErrors.NONE).setUp(plan(LinkType.DUMMY));

    assertThat(runner.lines("ip link add")).isEmpty();
    assertThat(runner.lines("ip addr add")).isEmpty();
    assertThat(runner.lines().stream().filter(l -> l.contains(" -I "))).isEmpty();
  }

  @Test
  void aKernelWithoutTheDummyDriverIsToldAboutLinkTypeBridge() {
    RecordingCommandRunner runner =
        new RecordingCommandRunner().answer("ip link add", DUMMY_MISSING);

    assertThatThrownBy(() -> network(runner, SetupErrors.NONE).setUp(plan(LinkType.DUMMY)))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("no dummy driver")
        .hasMessageContaining("--link-type bridge");
    assertThat(runner.lines("ip addr add")).isEmpty();
    assertThat(runner.lines().stream().filter(l -> l.contains(" -I "))).isEmpty();
  }

  @Test
  void aClusterIpOnKubeIpvs0IsRefusedNamingItAndIpvsModeLeavingTheNodeUntouched() {
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .answer(
                "ip -o addr show",
                new CommandResult(
                    0,
                    "1: lo    inet 127.0.0.1/8 scope host lo\\\n"
                        + "7: kube-ipvs0    inet 10.96.0.10/32 scope global kube-ipvs0\\\n",
                    ""));

    assertThatThrownBy(() -> network(runner, SetupErrors.NONE).setUp(plan(LinkType.DUMMY)))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("10.96.0.10 is already on kube-ipvs0")
        .hasMessageContaining("--mode ipvs");
    assertThat(runner.lines()).containsExactly("ip -o addr show");
  }

  @Test
  void tearDownDeletesEveryDuplicateThenTheAddressesAndTheLink() {
    IptablesRule first = plan(LinkType.DUMMY).rules().getFirst();
    String delete = String.join(" ", new Iptables(null, IptablesBackend.NFT).argv("-D", first));
    String check = String.join(" ", new Iptables(null, IptablesBackend.NFT).argv("-C", first));
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .answer(delete, CommandResult.OK, CommandResult.OK, RecordingCommandRunner.ABSENT)
            .answer(check, CommandResult.OK, RecordingCommandRunner.ABSENT)
            .answer("iptables-nft -w 5 -t raw -D", RecordingCommandRunner.ABSENT)
            .answer("iptables-nft -w 5 -t filter -D", RecordingCommandRunner.ABSENT);

    network(runner, SetupErrors.NONE).tearDown(plan(LinkType.DUMMY));

    assertThat(runner.lines(delete)).hasSize(2);
    assertThat(runner.lines("ip addr del")).hasSize(2);
    assertThat(runner.lines().getLast()).isEqualTo("ip link del nodelocaldns");
  }

  @Test
  void reconcileCountsFailuresByTypeAndNeverThrows() {
    Counted errors = new Counted();
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .answer(
                "ip link add",
                new CommandResult(2, "", "RTNETLINK answers: Operation not permitted"))
            .answer("iptables-nft -w 5 -t raw -C", LOCK_TIMEOUT)
            .answer(
                "iptables-nft -w 5 -t filter -I",
                new CommandResult(2, "", "iptables: Bad argument"));

    network(runner, errors).reconcile(plan(LinkType.BRIDGE));

    assertThat(errors.counted).filteredOn(t -> t == SetupErrors.Type.INTERFACE_ADD).hasSize(1);
    assertThat(errors.counted).filteredOn(t -> t == SetupErrors.Type.IPTABLES_LOCK).hasSize(16);
    assertThat(errors.counted).filteredOn(t -> t == SetupErrors.Type.IPTABLES).hasSize(12);
  }

  @Test
  void setUpFailingHalfwayUndoesWhatItDid() {
    Counted errors = new Counted();
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .answer(
                "iptables-nft -w 5 -t filter -I",
                new CommandResult(2, "", "iptables: Bad argument"));

    assertThatThrownBy(() -> network(runner, errors).setUp(plan(LinkType.BRIDGE)))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("undone");
    assertThat(errors.counted).containsExactly(SetupErrors.Type.IPTABLES);
    assertThat(runner.lines().getLast()).isEqualTo("ip link del nodelocaldns");
  }

  /**
   * A successor's setup on a node its predecessor set up: the link, both addresses and the raw
   * rules are there; a filter insert fails. Only what this call inserted goes again; the link,
   * addresses and the rules it found stay for the agent that serves on them.
   */
  @Test
  void setUpFailingOnANodeSetUpByAnotherAgentUndoesOnlyWhatItAdded() {
    Counted errors = new Counted();
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .answer("ip link show nodelocaldns", CommandResult.OK)
            .answer(
                "ip -o addr show dev nodelocaldns",
                new CommandResult(
                    0,
                    "9: nodelocaldns    inet 169.254.20.10/32 scope global nodelocaldns\n"
                        + "9: nodelocaldns    inet 10.96.0.10/32 scope global nodelocaldns\n",
                    ""))
            .answer(
                "ip -o addr show",
                new CommandResult(
                    0,
                    "9: nodelocaldns    inet 169.254.20.10/32 scope global nodelocaldns\n"
                        + "9: nodelocaldns    inet 10.96.0.10/32 scope global nodelocaldns\n",
                    ""))
            .answer("iptables-nft -w 5 -t raw -C", CommandResult.OK)
            .answer("iptables-nft -w 5 -t filter -C", RecordingCommandRunner.ABSENT)
            .answer(
                "iptables-nft -w 5 -t filter -I",
                CommandResult.OK,
                CommandResult.OK,
                new CommandResult(2, "", "iptables: Bad argument"));

    assertThatThrownBy(() -> network(runner, errors).setUp(plan(LinkType.BRIDGE)))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("undone");
    assertThat(runner.lines("ip link del")).isEmpty();
    assertThat(runner.lines("ip addr del")).isEmpty();
    assertThat(runner.lines("iptables-nft -w 5 -t raw -D")).isEmpty();
    List<String> inserted = runner.lines("iptables-nft -w 5 -t filter -I");
    assertThat(inserted).hasSize(3);
    // each of the two rules it inserted is deleted (-D until none is left), nothing else
    assertThat(
            runner.lines("iptables-nft -w 5 -t filter -D").stream()
                .map(line -> line.replace(" -D ", " -I "))
                .distinct())
        .containsExactlyInAnyOrderElementsOf(inserted.subList(0, 2));
  }

  @Test
  void dryRunPrintsTheWholePlanAndRunsNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    CommandNodeNetwork.dryRun(out).setUp(plan(LinkType.DUMMY));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines)
        .contains(
            "# check: iptables-legacy-save",
            "ip link add nodelocaldns type dummy",
            "ip addr add 10.96.0.10/32 dev nodelocaldns",
            "iptables -w 5 -t raw -I PREROUTING -p udp -d 10.96.0.10 --dport 53 -j NOTRACK -m comment --comment"
                + " \"NodeLocal DNS Cache: skip conntrack\"");
    assertThat(lines).filteredOn(l -> l.startsWith("iptables -w 5 -t raw -I")).hasSize(16);
    assertThat(lines).filteredOn(l -> l.startsWith("iptables -w 5 -t filter -I")).hasSize(12);
  }

  @Test
  void dryRunTearDownPrintsOneDeletePerRule() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    CommandNodeNetwork.dryRun(new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .tearDown(plan(LinkType.DUMMY));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).filteredOn(l -> l.contains(" -D ")).hasSize(28);
    assertThat(lines.getLast()).isEqualTo("ip link del nodelocaldns");
  }

  @Test
  void namespacedRunnerPrefixesIpNetnsExec() {
    RecordingCommandRunner runner = new RecordingCommandRunner();

    new NamespacedCommandRunner("nld-x", runner)
        .query(List.of("ip", "link", "show", "nodelocaldns"));

    assertThat(runner.lines()).containsExactly("ip netns exec nld-x ip link show nodelocaldns");
  }

  @Test
  void ipAddrOutputIsParsedPerLink() {
    assertThat(
            IpLinks.parse(
                "3: kube-ipvs0    inet 10.96.0.10/32 scope global kube-ipvs0\\ valid_lft\n"
                    + "4: eth0@if5    inet6 fd00::2/64 scope global \\ valid_lft forever\n"))
        .containsExactly(
            new IpLinks.LinkAddress("kube-ipvs0", IpLiterals.of("10.96.0.10")),
            new IpLinks.LinkAddress("eth0", IpLiterals.of("fd00::2")));
  }
}
