package io.nodelocaldns.e2e.cluster;

import static io.nodelocaldns.e2e.cluster.ClusterSettings.Mode.IPTABLES;
import static io.nodelocaldns.e2e.cluster.ClusterSettings.Mode.IPVS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The seeds' per-node checks judged on listings as a Kind node prints them. */
class SeedChecksTest {
  static final String LOCAL = "169.254.20.10";
  static final String KUBE_DNS = "10.96.0.10";

  private static NodeView view(String resource) {
    return NodeView.parse("kind-worker", Resources.text(resource));
  }

  private static NodeView edited(String resource, String from, String to) {
    return NodeView.parse("kind-worker", Resources.text(resource).replace(from, to));
  }

  @Test
  void anIptablesNodeWithBothAddressesTheirRulesAndRoutesPasses() {
    assertThat(
            SeedChecks.whileInstalled(view("kind-worker-iptables.log"), IPTABLES, LOCAL, KUBE_DNS))
        .isEmpty();
  }

  @Test
  void anIpvsNodeWithTheLocalIpOnlyPasses() {
    assertThat(SeedChecks.whileInstalled(view("kind-worker-ipvs.log"), IPVS, LOCAL, KUBE_DNS))
        .isEmpty();
  }

  @Test
  void theIpvsNodeIsNotWhatIptablesModeNeeds() {
    assertThat(SeedChecks.whileInstalled(view("kind-worker-ipvs.log"), IPTABLES, LOCAL, KUBE_DNS))
        .contains(
            "10.96.0.10/32 is not on nodelocaldns (it holds [169.254.20.10/32])",
            "no `local 10.96.0.10 dev nodelocaldns` in ip route show table local",
            "-t raw -A PREROUTING -d 10.96.0.10/32 -p udp --dport 53 -j NOTRACK: found 0 times,"
                + " expected once");
  }

  @Test
  void aMissingOrDoubledRuleIsNamed() {
    NodeView missing =
        edited(
            "kind-worker-iptables.log",
            "-A OUTPUT -s 10.96.0.10/32 -p tcp -m comment --comment \"NodeLocal DNS Cache\" -m tcp"
                + " --sport 53 -j CT --notrack\n",
            "");
    NodeView doubled =
        edited(
            "kind-worker-iptables.log",
            "==== nld filter\n",
            "-A PREROUTING -d 169.254.20.10/32 -p udp -m udp --dport 53 -j NOTRACK\n==== nld filter\n");

    assertThat(SeedChecks.whileInstalled(missing, IPTABLES, LOCAL, KUBE_DNS))
        .containsExactly(
            "-t raw -A OUTPUT -s 10.96.0.10/32 -p tcp --sport 53 -j NOTRACK: found 0 times,"
                + " expected once");
    assertThat(SeedChecks.whileInstalled(doubled, IPTABLES, LOCAL, KUBE_DNS))
        .containsExactly(
            "-t raw -A PREROUTING -d 169.254.20.10/32 -p udp --dport 53 -j NOTRACK: found 2 times,"
                + " expected once");
  }

  @Test
  void aNodeWithoutTheLinkFailsEveryAddressCheck() {
    assertThat(
            SeedChecks.whileInstalled(
                view("kind-worker-uninstalled.log"), IPTABLES, LOCAL, KUBE_DNS))
        .contains(
            "no link nodelocaldns (ip -o link show)",
            "169.254.20.10/32 is not on nodelocaldns (it holds [])")
        .hasSize(1 + 2 * 2 + 20);
  }

  @Test
  void afterTheUninstallNothingIsLeft() {
    assertThat(SeedChecks.afterUninstall(view("kind-worker-uninstalled.log"), LOCAL, KUBE_DNS))
        .isEmpty();
    // kube-proxy's own local route for the ClusterIP on kube-ipvs0 is not ours
    NodeView ipvsWithoutAgent =
        edited(
            "kind-worker-uninstalled.log",
            "local 127.0.0.0/8",
            "local 10.96.0.10 dev kube-ipvs0 proto kernel scope host src 10.96.0.10\nlocal 127.0.0.0/8");
    assertThat(SeedChecks.afterUninstall(ipvsWithoutAgent, LOCAL, KUBE_DNS)).isEmpty();
  }

  @Test
  void afterTheUninstallLeftoversAreNamed() {
    assertThat(SeedChecks.afterUninstall(view("kind-worker-iptables.log"), LOCAL, KUBE_DNS))
        .contains(
            "the link nodelocaldns is still there: [10.96.0.10/32, 169.254.20.10/32]",
            "-t raw -A PREROUTING -d 169.254.20.10/32 -p udp --dport 53 -j NOTRACK is still there"
                + " (1 times)",
            "`local 10.96.0.10 dev nodelocaldns` is still in the local table",
            "169.254.20.10 is still routed locally");
  }
}
