package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManifestCorefileTest {
  @Test
  void iptablesModeSedBindsBothAddressesAndLeavesTheAgentsPillars() {
    String corefile = ManifestCorefile.iptablesMode("169.254.20.10", "cluster.local", "10.96.0.10");

    assertThat(corefile)
        .startsWith("cluster.local:53 {")
        .contains("bind 169.254.20.10 10.96.0.10")
        .contains("health 169.254.20.10:8080")
        .contains("forward . __PILLAR__CLUSTER__DNS__ {")
        .contains("forward . __PILLAR__UPSTREAM__SERVERS__")
        .doesNotContain(
            "__PILLAR__LOCAL__DNS__", "__PILLAR__DNS__SERVER__", "__PILLAR__DNS__DOMAIN__");
  }

  @Test
  void ipvsModeSedKeepsTheDnsServerPillarInBind() {
    assertThat(ManifestCorefile.ipvsMode("169.254.20.10", "cluster.local"))
        .contains("bind 169.254.20.10 __PILLAR__DNS__SERVER__");
  }

  @Test
  void officialIpvsSedForwardsClusterZonesToKubeDnsAndStillLeavesTheDnsServerPillarInBind() {
    String corefile =
        ManifestCorefile.ipvsModeOfficial("169.254.20.10", "cluster.local", "10.96.0.10");

    assertThat(corefile)
        .contains("bind 169.254.20.10 __PILLAR__DNS__SERVER__")
        .contains("forward . 10.96.0.10 {")
        .contains("forward . __PILLAR__UPSTREAM__SERVERS__")
        .doesNotContain("__PILLAR__CLUSTER__DNS__", "__PILLAR__LOCAL__DNS__");
  }

  @Test
  void brokenMakesTheCacheSuccessTtlNegativeOnItsKnownLine() {
    String broken =
        ManifestCorefile.broken(
            ManifestCorefile.iptablesMode("169.254.20.10", "cluster.local", "10.96.0.10"));

    assertThat(broken.lines().toList().get(ManifestCorefile.CACHE_SUCCESS_LINE - 1).strip())
        .isEqualTo("success 9984 -5");
  }
}
