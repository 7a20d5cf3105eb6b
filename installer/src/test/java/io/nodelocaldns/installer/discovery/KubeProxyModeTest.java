package io.nodelocaldns.installer.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubeProxyModeTest {
  @Test
  void kubeProxySpellings() {
    assertThat(KubeProxyMode.parse("")).contains(KubeProxyMode.IPTABLES);
    assertThat(KubeProxyMode.parse(null)).contains(KubeProxyMode.IPTABLES);
    assertThat(KubeProxyMode.parse(" IPVS ")).contains(KubeProxyMode.IPVS);
    assertThat(KubeProxyMode.parse("nftables")).contains(KubeProxyMode.NFTABLES);
    assertThat(KubeProxyMode.parse("userspace")).isEmpty();
  }

  @Test
  void providerIds() {
    assertThat(ClusterType.fromProviderId("kind://docker/kind/kind-worker"))
        .isEqualTo(ClusterType.KIND);
    assertThat(ClusterType.fromProviderId("aws:///us-west-2a/i-0123")).isEqualTo(ClusterType.EKS);
    assertThat(ClusterType.fromProviderId("gce://p/z/n")).isEqualTo(ClusterType.GENERIC);
    assertThat(ClusterType.fromProviderId(null)).isEqualTo(ClusterType.GENERIC);
  }
}
