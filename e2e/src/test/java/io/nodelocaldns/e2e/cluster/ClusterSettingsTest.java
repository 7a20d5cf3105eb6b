package io.nodelocaldns.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The suite's system properties: defaults for a Kind run, overrides, and bad values named. */
class ClusterSettingsTest {
  @Test
  void defaultsFitAKindRunOfThisCheckout() {
    ClusterSettings s = ClusterSettings.from(Map.of());

    assertThat(s.enabled()).isFalse();
    assertThat(s.installerJar().toString()).endsWith("installer/target/node-local-dns.jar");
    assertThat(s.installerJar().isAbsolute()).isTrue();
    assertThat(s.image()).isEqualTo("ghcr.io/node-local-dns/node-local-dns:0.1.0");
    assertThat(s.mode()).isEqualTo(ClusterSettings.Mode.AUTO);
    assertThat(s.clusterType()).isEqualTo("auto");
    assertThat(s.context()).isEmpty();
    assertThat(s.testImage()).isEqualTo("busybox:1.37");
    assertThat(s.debugImage()).isEqualTo("busybox:1.37");
    assertThat(s.externalName()).isEqualTo("example.com");
    assertThat(s.clusterDomain()).isEqualTo("cluster.local");
    assertThat(s.installerTimeout()).isEqualTo("5m");
  }

  @Test
  void propertiesOverride() {
    ClusterSettings s =
        ClusterSettings.from(
            Map.of(
                "nld.cluster.e2e", "true",
                "nld.image", "123.dkr.ecr.us-west-2.amazonaws.com/node-local-dns:abc",
                "nld.cluster.mode", "IPVS",
                "nld.cluster.type", "eks",
                "nld.cluster.context", "e2e",
                "nld.cluster.testImage", "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7",
                "nld.cluster.externalName", "kubernetes.io"));

    assertThat(s.enabled()).isTrue();
    assertThat(s.image()).isEqualTo("123.dkr.ecr.us-west-2.amazonaws.com/node-local-dns:abc");
    assertThat(s.mode()).isEqualTo(ClusterSettings.Mode.IPVS);
    assertThat(s.mode().cliName()).isEqualTo("ipvs");
    assertThat(s.clusterType()).isEqualTo("eks");
    assertThat(s.context()).isEqualTo(Optional.of("e2e"));
    assertThat(s.testImage()).isEqualTo("registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7");
    assertThat(s.externalName()).isEqualTo("kubernetes.io");
  }

  @Test
  void aBlankPropertyKeepsTheDefault() {
    // a workflow passes -Dnld.image= when its input is empty
    assertThat(ClusterSettings.from(Map.of("nld.image", " ")).image())
        .isEqualTo(ClusterSettings.DEFAULT_IMAGE);
  }

  @Test
  void badValuesNameTheProperty() {
    assertThatThrownBy(() -> ClusterSettings.from(Map.of("nld.cluster.mode", "nftables")))
        .hasMessage("-Dnld.cluster.mode=nftables: expected auto, iptables or ipvs");
    assertThatThrownBy(() -> ClusterSettings.from(Map.of("nld.cluster.type", "gke")))
        .hasMessage("-Dnld.cluster.type=gke: expected auto, kind, eks or generic");
  }
}
