package io.nodelocaldns.installer.chart;

import static io.nodelocaldns.installer.chart.TestChart.KUBE_DNS_IP;
import static io.nodelocaldns.installer.chart.TestChart.LOCAL_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dual-stack and IPv6-only clusters: what {@code -localip}, the Corefile's {@code bind}, {@code
 * health} and {@code ready}, the probes and the install notes say. The agent reads {@code -localip}
 * as IPv4 local, IPv4 ClusterIP, IPv6 local, IPv6 ClusterIP, the first IPv6 address being its own.
 */
class DualStackRenderTest {
  static final String LOCAL_IPV6 = "fd00::10";
  static final String KUBE_DNS_IPV6 = "fd00:10:96::a";
  private static final String[] DUAL_STACK = {
    "localIPv6=" + LOCAL_IPV6, "kubeDNS.ipv6=" + KUBE_DNS_IPV6
  };
  private static final String[] IPV6_ONLY = {
    "localIP=" + LOCAL_IPV6, "kubeDNS.ip=" + KUBE_DNS_IPV6
  };

  @Test
  void dualStackIptablesServesBothFamiliesEachLocalAddressBeforeItsClusterIp() {
    Rendered r = TestChart.render(DUAL_STACK);

    assertThat(r.args())
        .containsSubsequence(
            "-localip", String.join(",", LOCAL_IP, KUBE_DNS_IP, LOCAL_IPV6, KUBE_DNS_IPV6));
    assertThat(bindLines(r))
        .hasSize(4)
        .containsOnly(String.join(" ", "bind", LOCAL_IP, KUBE_DNS_IP, LOCAL_IPV6, KUBE_DNS_IPV6));
    assertThat(r.corefile()).contains("forward . __PILLAR__CLUSTER__DNS__ {");
    assertProbesOn(r, LOCAL_IP, LOCAL_IP + ":8080", LOCAL_IP + ":8181");
  }

  @Test
  void dualStackIpvsServesBothLocalAddressesAndLeavesTheClusterIpsToKubeProxy() {
    Rendered r = TestChart.render(with(DUAL_STACK, "mode=ipvs"));

    assertThat(r.args()).containsSubsequence("-localip", LOCAL_IP + "," + LOCAL_IPV6);
    assertThat(bindLines(r)).containsOnly("bind " + LOCAL_IP + " " + LOCAL_IPV6);
    assertThat(r.corefile())
        .doesNotContain(KUBE_DNS_IPV6)
        .contains("forward . " + KUBE_DNS_IP + " {");
    assertProbesOn(r, LOCAL_IP, LOCAL_IP + ":8080", LOCAL_IP + ":8181");
  }

  @Test
  void ipv6OnlyIptablesServesTheIpv6PairWithBracketedEndpoints() {
    Rendered r = TestChart.render(IPV6_ONLY);

    assertThat(r.args()).containsSubsequence("-localip", LOCAL_IPV6 + "," + KUBE_DNS_IPV6);
    assertThat(bindLines(r)).containsOnly("bind " + LOCAL_IPV6 + " " + KUBE_DNS_IPV6);
    assertProbesOn(r, LOCAL_IPV6, "[fd00::10]:8080", "[fd00::10]:8181");
  }

  @Test
  void ipv6OnlyIpvsServesTheIpv6LocalAddressAndForwardsToTheIpv6ClusterIp() {
    Rendered r = TestChart.render(with(IPV6_ONLY, "mode=ipvs"));

    assertThat(r.args()).containsSubsequence("-localip", LOCAL_IPV6);
    assertThat(r.args()).noneMatch(a -> a.contains(KUBE_DNS_IPV6));
    assertThat(bindLines(r)).containsOnly("bind " + LOCAL_IPV6);
    assertThat(r.corefile()).contains("forward . " + KUBE_DNS_IPV6 + " {");
    assertProbesOn(r, LOCAL_IPV6, "[fd00::10]:8080", "[fd00::10]:8181");
  }

  @Test
  void anIpv6LocalAddressWithoutAnIpv6ClusterIpIsServedAlone() {
    // a dual-stack cluster whose kube-dns Service is single-stack IPv4: pods reach the cache over
    // IPv6 only through kubelet's clusterDNS (IPVS mode), which names localIPv6
    Rendered r = TestChart.render("localIPv6=" + LOCAL_IPV6);

    assertThat(r.args())
        .containsSubsequence("-localip", String.join(",", LOCAL_IP, KUBE_DNS_IP, LOCAL_IPV6));
  }

  @Test
  void aWildcardBindServesBothFamiliesFromOneAddress() {
    // the runtime binds 0.0.0.0 as a dual-stack socket, which gets the IPv6 queries too
    Rendered r = TestChart.render(with(DUAL_STACK, "bindAnyAddress=true"));

    assertThat(bindLines(r)).containsOnly("bind 0.0.0.0");
    assertThat(r.args())
        .containsSubsequence(
            "-localip", String.join(",", LOCAL_IP, KUBE_DNS_IP, LOCAL_IPV6, KUBE_DNS_IPV6));
  }

  @Test
  void notesNameBothFamilies() {
    String iptables =
        TestChart.CHART.notes(HelmChart.NAME, "kube-system", TestChart.values(DUAL_STACK));
    String ipvs =
        TestChart.CHART.notes(
            HelmChart.NAME, "kube-system", TestChart.values(with(DUAL_STACK, "mode=ipvs")));

    assertThat(iptables)
        .contains(
            "serving DNS on 169.254.20.10, fd00::10 and on the kube-dns ClusterIPs 10.96.0.10,"
                + " fd00:10:96::a.");
    assertThat(ipvs)
        .contains("serving DNS on 169.254.20.10, fd00::10.")
        .contains("hand\nthem 169.254.20.10 and fd00::10 instead")
        .contains("--cluster-dns=169.254.20.10,fd00::10")
        .contains("clusterDNS: [169.254.20.10, fd00::10]");
  }

  private static void assertProbesOn(Rendered r, String host, String health, String ready) {
    Map<String, List<String>> blocks = CorefileBlocks.of(r.corefile());
    assertThat(blocks.get("cluster.local:53")).contains("health " + health, "ready " + ready);
    assertThat(r.corefile().lines().filter(l -> l.strip().startsWith("health "))).hasSize(1);
    Container c = r.container();
    assertThat(c.getLivenessProbe().getHttpGet().getHost()).isEqualTo(host);
    assertThat(c.getReadinessProbe().getHttpGet().getHost()).isEqualTo(host);
  }

  private static List<String> bindLines(Rendered r) {
    return CorefileBlocks.of(r.corefile()).values().stream()
        .flatMap(List::stream)
        .filter(d -> d.startsWith("bind "))
        .toList();
  }

  static String[] with(String[] sets, String... more) {
    String[] all = new String[sets.length + more.length];
    System.arraycopy(sets, 0, all, 0, sets.length);
    System.arraycopy(more, 0, all, sets.length, more.length);
    return all;
  }
}
