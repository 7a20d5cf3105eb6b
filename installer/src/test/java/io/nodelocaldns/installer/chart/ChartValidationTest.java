package io.nodelocaldns.installer.chart;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad values stop {@code helm template} with a message naming the value. */
class ChartValidationTest {
  private static final String SCHEMA = "values don't meet the specifications of the schema";

  @Test
  void unknownModeIsRefusedByTheSchema() {
    assertThatThrownBy(() -> TestChart.render("mode=nat"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/mode")
        .hasMessageContaining("'iptables', 'ipvs'");
  }

  @Test
  void localIpThatIsNoIpIsRefusedByTheSchema() {
    assertThatThrownBy(() -> TestChart.render("localIP=not-an-ip"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/localIP")
        .hasMessageContaining("'not-an-ip' is not valid ipv4");
  }

  @Test
  void unknownProfileIsRefusedByTheSchema() {
    assertThatThrownBy(() -> TestChart.render("profile=gke"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/profile")
        .hasMessageContaining("'generic', 'kind', 'eks'");
  }

  @Test
  void kubeDnsIpThatIsNoIpIsRefusedByTheSchema() {
    assertThatThrownBy(() -> TestChart.render("kubeDNS.ip=10.96.0.300"))
        .hasMessageContaining("/kubeDNS/ip")
        .hasMessageContaining("decimal must be between 0 and 255");
  }

  @Test
  void missingKubeDnsIpSaysHowToGetIt() {
    assertThatThrownBy(() -> TestChart.renderText(ChartValues.defaults()))
        .hasMessageContaining("kubeDNS.ip is not set")
        .hasMessageContaining(
            "--set kubeDNS.ip=$(kubectl get svc kube-dns -n kube-system -o"
                + " jsonpath={.spec.clusterIP})")
        .hasMessageContaining("node-local-dns install");
  }

  @Test
  void missingKubeDnsIpIsRequiredInIpvsModeToo() {
    assertThatThrownBy(() -> TestChart.renderText(ChartValues.defaults().withSet("mode", "ipvs")))
        .hasMessageContaining("kubeDNS.ip is not set");
  }

  @Test
  void misspelledValueIsRefusedRatherThanIgnored() {
    assertThatThrownBy(() -> TestChart.render("logQuerys=true"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("logQuerys");
  }

  @Test
  void stubZoneServerMustBeAnAddress() {
    assertThatThrownBy(
            () ->
                TestChart.render(
                    "stubZones[0].zone=corp.example.com", "stubZones[0].servers[0]=dns.corp"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/stubZones/0/servers/0");
  }

  @Test
  void cacheSizeMustBePositive() {
    assertThatThrownBy(() -> TestChart.render("cache.cluster.success=0"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/cache/cluster/success");
  }

  @Test
  void updateStrategyAcceptsOnlyCountsAndPercentages() {
    assertThatThrownBy(() -> TestChart.render("updateStrategy.rollingUpdate.maxSurge=one"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/updateStrategy/rollingUpdate/maxSurge");
  }

  @Test
  void imageDigestMustBeASha256Digest() {
    for (String bad :
        List.of("sha256:abc", "latest", "sha512:" + "0".repeat(64), "sha256:" + "A".repeat(64))) {
      assertThatThrownBy(() -> TestChart.render("image.digest=" + bad))
          .as(bad)
          .hasMessageContaining(SCHEMA)
          .hasMessageContaining("/image/digest");
    }
  }

  @Test
  void metricsAddressMustBeAnIp() {
    for (String bad : List.of("localhost", "169.254.20.10:9253", "0.0.0.0/0")) {
      assertThatThrownBy(() -> TestChart.render("metrics.address=" + bad))
          .as(bad)
          .hasMessageContaining(SCHEMA)
          .hasMessageContaining("/metrics/address");
    }
  }
}
