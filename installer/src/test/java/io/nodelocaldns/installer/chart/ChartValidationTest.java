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
  void ipv6ValuesMustBeIpv6Addresses() {
    assertThatThrownBy(() -> TestChart.render("localIPv6=169.254.20.11"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/localIPv6")
        .hasMessageContaining("'169.254.20.11' is not valid ipv6");
    assertThatThrownBy(() -> TestChart.render("localIPv6=fd00::10", "kubeDNS.ipv6=10.96.0.11"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/kubeDNS/ipv6")
        .hasMessageContaining("'10.96.0.11' is not valid ipv6");
  }

  @Test
  void anIpv6ClusterIpNeedsAnIpv6LocalAddress() {
    for (String mode : List.of("iptables", "ipvs")) {
      assertThatThrownBy(() -> TestChart.render("mode=" + mode, "kubeDNS.ipv6=fd00:10:96::a"))
          .as(mode)
          .hasMessageContaining(
              "kubeDNS.ipv6 fd00:10:96::a is set but localIPv6 is empty: the cache serves IPv6 on"
                  + " its own IPv6 address first; set localIPv6 (e.g. fd00::10), or leave"
                  + " kubeDNS.ipv6 empty to serve IPv4 only");
    }
  }

  @Test
  void localIpAndKubeDnsIpAreOneFamily() {
    assertThatThrownBy(() -> TestChart.render("kubeDNS.ip=fd00:10:96::a"))
        .hasMessageContaining(
            "localIP 169.254.20.10 and kubeDNS.ip fd00:10:96::a are not of one IP family")
        .hasMessageContaining("localIPv6 and kubeDNS.ipv6");
    assertThatThrownBy(() -> TestChart.render("localIP=fd00::10"))
        .hasMessageContaining(
            "localIP fd00::10 and kubeDNS.ip 10.96.0.10 are not of one IP family");
  }

  @Test
  void anIpv6OnlyClusterHasNoSecondIpv6Pair() {
    assertThatThrownBy(
            () ->
                TestChart.render(
                    "localIP=fd00::10", "kubeDNS.ip=fd00:10:96::a", "localIPv6=fd00::11"))
        .hasMessageContaining("localIPv6 fd00::11 is set but localIP fd00::10 is IPv6")
        .hasMessageContaining("on an IPv6-only cluster localIP and kubeDNS.ip are the IPv6");
    assertThatThrownBy(
            () ->
                TestChart.render(
                    "localIP=fd00::10", "kubeDNS.ip=fd00:10:96::a", "kubeDNS.ipv6=fd00:10:96::b"))
        .hasMessageContaining("kubeDNS.ipv6 fd00:10:96::b is set but localIP fd00::10 is IPv6");
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

  @Test
  void serveStaleModeIsVerifyOrImmediate() {
    assertThatThrownBy(() -> TestChart.render("cache.serveStale.mode=lazy"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/cache/serveStale/mode")
        .hasMessageContaining("'verify', 'immediate'");
  }

  @Test
  void serveStaleNeedsADuration() {
    // CoreDNS reads serve_stale's first argument as the duration: `serve_stale verify` is an error
    assertThatThrownBy(() -> TestChart.render("cache.serveStale.duration="))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/cache/serveStale/duration");
  }

  @Test
  void prefetchPercentageIsAPercentage() {
    for (String bad : List.of("20", "101%", "x%")) {
      assertThatThrownBy(() -> TestChart.render("cache.prefetch.percentage=" + bad))
          .as(bad)
          .hasMessageContaining(SCHEMA)
          .hasMessageContaining("/cache/prefetch/percentage");
    }
  }

  @Test
  void prefetchDurationIsADuration() {
    assertThatThrownBy(() -> TestChart.render("cache.prefetch.duration=30"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/cache/prefetch/duration");
  }

  @Test
  void forceTcpAndPreferUdpTogetherAreRefused() {
    assertThatThrownBy(() -> TestChart.render("preferUDP=true"))
        .hasMessageContaining("forceTCP and preferUDP are both true")
        .hasMessageContaining("set forceTCP=false");
  }

  @Test
  void forwardOptionCannotOpenABlock() {
    assertThatThrownBy(() -> TestChart.render("upstream.forwardOptions[0]=tls {"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/upstream/forwardOptions");
  }

  @Test
  void upstreamServiceNameMustBeAServiceName() {
    assertThatThrownBy(() -> TestChart.render("upstreamService.name=Kube_DNS"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/upstreamService/name");
  }

  @Test
  void probeTimingsTakeOnlyTimings() {
    assertThatThrownBy(() -> TestChart.render("livenessProbe.httpGet.path=/x"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/livenessProbe");
  }

  @Test
  void resizePolicyRestartPolicyIsKubernetes() {
    assertThatThrownBy(
            () ->
                TestChart.render(
                    "resizePolicy[0].resourceName=cpu", "resizePolicy[0].restartPolicy=Never"))
        .hasMessageContaining(SCHEMA)
        .hasMessageContaining("/resizePolicy/0/restartPolicy");
  }
}
