package io.nodelocaldns.modes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendDetectorTest {
  static final String KUBE_PROXY =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n-A PREROUTING -j KUBE-SERVICES\nCOMMIT\n";
  static final String SOME_RULES =
      "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";
  static final String EMPTY = "*filter\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";

  static CommandResult out(String stdout) {
    return new CommandResult(0, stdout, "");
  }

  @Test
  void aNodeWithNoRulesGetsPlainIptables() {
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .answer("iptables-legacy-save", out(EMPTY))
            .answer("iptables-nft-save", out(EMPTY));

    assertThat(new BackendDetector(runner).detect()).isEqualTo(IptablesBackend.DEFAULT);
    assertThat(runner.lines())
        .containsExactly(
            "iptables-legacy-save",
            "ip6tables-legacy-save",
            "iptables-nft-save",
            "ip6tables-nft-save");
  }

  @Test
  void kubeProxyChainsDecide() {
    RecordingCommandRunner legacy =
        new RecordingCommandRunner()
            .answer("iptables-legacy-save", out(KUBE_PROXY))
            .answer("iptables-nft-save", out(SOME_RULES + SOME_RULES));
    assertThat(new BackendDetector(legacy).detect()).isEqualTo(IptablesBackend.LEGACY);

    RecordingCommandRunner nft =
        new RecordingCommandRunner()
            .answer("iptables-legacy-save", out(SOME_RULES))
            .answer("ip6tables-nft-save", out(KUBE_PROXY));
    assertThat(new BackendDetector(nft).detect()).isEqualTo(IptablesBackend.NFT);
  }

  @Test
  void withoutKubeProxyTheBackendHoldingRulesWins() {
    RecordingCommandRunner runner =
        new RecordingCommandRunner().answer("iptables-nft-save", out(SOME_RULES));

    assertThat(new BackendDetector(runner).detect()).isEqualTo(IptablesBackend.NFT);
  }

  @Test
  void kubeProxyChainsInBothBackendsAreRefusedNamingBoth() {
    RecordingCommandRunner runner =
        new RecordingCommandRunner()
            .answer("iptables-legacy-save", out(KUBE_PROXY))
            .answer("iptables-nft-save", out(KUBE_PROXY));

    assertThatThrownBy(() -> new BackendDetector(runner).detect())
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("iptables-legacy")
        .hasMessageContaining("iptables-nft");
  }

  @Test
  void binaryNamesFollowTheBackend() {
    assertThat(IptablesBackend.LEGACY.command(IpFamily.IPV6)).isEqualTo("ip6tables-legacy");
    assertThat(IptablesBackend.NFT.saveCommand(IpFamily.IPV4)).isEqualTo("iptables-nft-save");
    assertThat(IptablesBackend.DEFAULT.command(IpFamily.IPV4)).isEqualTo("iptables");
    assertThatThrownBy(() -> IptablesBackend.of("xt"))
        .hasMessage("iptables backend: xt (expected: one of legacy, nft, default)");
  }
}
