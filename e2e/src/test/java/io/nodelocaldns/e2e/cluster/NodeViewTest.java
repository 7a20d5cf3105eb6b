package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The debug pod's script and the parsing of what it prints into the seeds' listings. */
class NodeViewTest {
  @Test
  void scriptRunsTheNodesOwnToolsSectionBySection() {
    assertThat(NodeView.script())
        .isEqualTo(
            """
            echo '==== nld links'; chroot /host ip -o link show 2>&1
            echo '==== nld addresses'; chroot /host ip -o addr show 2>&1
            echo '==== nld raw'; chroot /host iptables -t raw -S 2>&1
            echo '==== nld filter'; chroot /host iptables -t filter -S 2>&1
            echo '==== nld local-routes'; chroot /host ip route show table local 2>&1
            echo '==== nld end'
            """);
  }

  @Test
  void parsesAKindNodeInIptablesMode() {
    NodeView view = NodeView.parse("kind-worker", Resources.text("kind-worker-iptables.log"));

    assertThat(view.links()).containsExactly("eth0", "lo", "nodelocaldns", "veth6a0c0f9b");
    assertThat(view.addressesOn("nodelocaldns"))
        .containsExactly("10.96.0.10/32", "169.254.20.10/32");
    assertThat(view.raw()).hasSize(12).allMatch(r -> r.target().equals("NOTRACK"));
    assertThat(view.filter()).hasSize(11);
    assertThat(view.hasLocalRoute("169.254.20.10", "nodelocaldns")).isTrue();
    assertThat(view.hasLocalRoute("10.96.0.10", "nodelocaldns")).isTrue();
    assertThat(view.hasLocalRoute("10.96.0.10", "lo")).isFalse();
    assertThat(view.hasLocalRoute("172.18.255.255")).isFalse(); // a broadcast route
  }

  @Test
  void aCutOrFailedListingSaysWhatIsMissingAndShowsTheLog() {
    String log = "==== nld links\nchroot: can't execute 'ip': No such file or directory\n";

    assertThatThrownBy(() -> NodeView.parse("node-a", log))
        .hasMessageContaining("the debug pod on node-a did not list \"links\"")
        .hasMessageContaining("can't execute 'ip'");
  }
}
