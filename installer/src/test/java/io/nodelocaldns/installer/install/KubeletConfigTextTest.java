package io.nodelocaldns.installer.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.fixtures.FakeDocker;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeletConfigTextTest {
  @Test
  void blockList() {
    assertThat(KubeletConfigText.clusterDns(FakeDocker.KUBELET_CONFIG))
        .containsExactly("10.96.0.10");
    String changed =
        KubeletConfigText.withClusterDns(FakeDocker.KUBELET_CONFIG, List.of("169.254.20.10"));
    assertThat(changed)
        .isEqualTo(FakeDocker.KUBELET_CONFIG.replace("- 10.96.0.10", "- 169.254.20.10"));
    assertThat(KubeletConfigText.withClusterDns(changed, List.of("10.96.0.10")))
        .isEqualTo(FakeDocker.KUBELET_CONFIG);
  }

  @Test
  void flowListAndQuotes() {
    String config =
        "kind: KubeletConfiguration\nclusterDNS: [\"10.96.0.10\", 10.96.0.11]\nclusterDomain: cluster.local\n";

    assertThat(KubeletConfigText.clusterDns(config)).containsExactly("10.96.0.10", "10.96.0.11");
    assertThat(KubeletConfigText.withClusterDns(config, List.of("169.254.20.10")))
        .isEqualTo(
            "kind: KubeletConfiguration\nclusterDNS:\n- 169.254.20.10\nclusterDomain: cluster.local\n");
  }

  @Test
  void absentKeyIsAdded() {
    String config = "kind: KubeletConfiguration\n";

    assertThat(KubeletConfigText.clusterDns(config)).isEmpty();
    assertThat(KubeletConfigText.withClusterDns(config, List.of("169.254.20.10")))
        .isEqualTo("kind: KubeletConfiguration\nclusterDNS:\n- 169.254.20.10\n");
  }

  @Test
  void onlyIpAddressesAreWritten() {
    for (String bad : List.of("10.96.0.10\nauthentication: {}", "kube-dns", "", "10.96.0.10 ")) {
      assertThatThrownBy(
              () -> KubeletConfigText.withClusterDns(FakeDocker.KUBELET_CONFIG, List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not an IP address for clusterDNS")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void theAnnotationIsEmptyOrAddressesJoinedByCommas() {
    assertThat(KindKubeletDnsChange.originalClusterDns("n", "", "10.96.0.10")).isEmpty();
    assertThat(KindKubeletDnsChange.originalClusterDns("n", "10.96.0.10,fd00::a", "10.96.0.10"))
        .containsExactly("10.96.0.10", "fd00::a");
    for (String bad :
        List.of(
            "10.96.0.10\nfoo: bar",
            "10.96.0.10,",
            " 10.96.0.10",
            "kube-dns.kube-system",
            "10.96.0.10]\nx: [1",
            ",")) {
      assertThatThrownBy(() -> KindKubeletDnsChange.originalClusterDns("n", bad, "10.96.0.10"))
          .as(bad)
          .isInstanceOf(InstallerException.class)
          .hasMessageStartingWith(
              "node n: annotation " + KindKubeletDnsChange.ANNOTATION + " is \"")
          .hasMessageContaining(
              "kubectl annotate node n "
                  + KindKubeletDnsChange.ANNOTATION
                  + "=10.96.0.10 --overwrite")
          .hasMessageNotContaining("\n");
    }
  }
}
