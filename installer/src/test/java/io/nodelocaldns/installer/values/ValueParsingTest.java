package io.nodelocaldns.installer.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueParsingTest {
  @Test
  void ipLiteralsNeverResolveNames() {
    assertThat(IpAddresses.isIp("10.96.0.10")).isTrue();
    assertThat(IpAddresses.isIp("fd00:10:96::a")).isTrue();
    assertThat(IpAddresses.isIp("::ffff:10.0.0.1")).isTrue();
    assertThat(IpAddresses.isIp("10.96.0.256")).isFalse();
    assertThat(IpAddresses.isIp("010.96.0.10")).isFalse();
    assertThat(IpAddresses.isIp("localhost")).isFalse();
    assertThat(IpAddresses.isIp("kube-dns.kube-system")).isFalse();
    assertThat(IpAddresses.isIp("fd00::g")).isFalse();
    assertThat(IpAddresses.isIp("")).isFalse();
  }

  @Test
  void imageReferences() {
    assertThat(ImageRef.parse("ghcr.io/x/node-local-dns:0.1.0"))
        .contains(new ImageRef("ghcr.io/x/node-local-dns", "0.1.0"));
    assertThat(ImageRef.parse("registry.local:5000/nld:dev"))
        .contains(new ImageRef("registry.local:5000/nld", "dev"));
    assertThat(ImageRef.parse("registry.local:5000/nld")).isEmpty();
    assertThat(ImageRef.parse("nld")).isEmpty();
    assertThat(ImageRef.parse("nld:")).isEmpty();
    assertThat(ImageRef.parse("nld@sha256:abc")).isEmpty();
  }

  @Test
  void generatedValuesUseTheAgreedNames() {
    String yaml =
        new InstallValues(
                CacheMode.IPVS,
                io.nodelocaldns.installer.discovery.ClusterType.EKS,
                "169.254.20.10",
                Optional.empty(),
                KubeDnsIps.of("172.20.0.10"),
                "cluster.local",
                ImageRef.parse("r/nld:1"))
            .toYaml();

    assertThat(yaml)
        .contains(
            "mode: ipvs\n",
            "profile: eks\n",
            "localIP: \"169.254.20.10\"\n",
            "kubeDNS:\n  ip: \"172.20.0.10\"\n")
        .contains(
            "clusterDomain: \"cluster.local\"\n", "image:\n  repository: \"r/nld\"\n  tag: \"1\"\n")
        .doesNotContain("ipv6", "IPv6");
  }

  @Test
  void dualStackValuesNameTheIpv6PairToo() {
    InstallValues values =
        new InstallValues(
            CacheMode.IPVS,
            io.nodelocaldns.installer.discovery.ClusterType.KIND,
            "169.254.20.10",
            Optional.of("fd00::10"),
            KubeDnsIps.parse("fd00:10:96::a,10.96.0.10"),
            "cluster.local",
            Optional.empty());

    assertThat(values.toYaml())
        .contains(
            "localIP: \"169.254.20.10\"\nlocalIPv6: \"fd00::10\"\n",
            "kubeDNS:\n  ip: \"10.96.0.10\"\n  ipv6: \"fd00:10:96::a\"\n");
    assertThat(values.clusterDns()).containsExactly("169.254.20.10", "fd00::10");
    // --kube-dns-ip names every ClusterIP: an IPv4 one alone empties kubeDNS.ipv6 in Helm
    assertThat(
            new InstallValues(
                    CacheMode.IPTABLES,
                    io.nodelocaldns.installer.discovery.ClusterType.KIND,
                    "169.254.20.10",
                    Optional.empty(),
                    KubeDnsIps.of("10.96.0.10"),
                    "cluster.local",
                    Optional.empty())
                .toYaml(false, false, false, false, true, false)
                .orElseThrow())
        .contains("kubeDNS:\n  ip: \"10.96.0.10\"\n  ipv6: \"\"\n");
  }

  @Test
  void kubeDnsIpsAreOnePerFamilyIpv4First() {
    assertThat(KubeDnsIps.parse("10.96.0.10").all()).containsExactly("10.96.0.10");
    assertThat(KubeDnsIps.parse("fd00:10:96::a").ipv6Only()).isTrue();
    assertThat(KubeDnsIps.parse("fd00:10:96::a,10.96.0.10"))
        .isEqualTo(new KubeDnsIps("10.96.0.10", Optional.of("fd00:10:96::a")));
    assertThatThrownBy(() -> KubeDnsIps.parse("10.96.0.10,10.96.0.11"))
        .hasMessage("has two IPv4 addresses: a Service has one ClusterIP per family");
    assertThatThrownBy(() -> KubeDnsIps.parse("10.96.0.10,fd00::a,fd00::b"))
        .hasMessage("is not an IP address or two of different families (as spec.clusterIPs)");
    assertThatThrownBy(() -> KubeDnsIps.parse("ten")).hasMessage("is not an IP address");
  }

  @Test
  void localIpsAreReadAsTheAgentReadsThem() {
    LocalIps dual = LocalIps.parse("169.254.20.10,10.96.0.10,fd00::10,fd00:10:96::a");
    assertThat(dual.nodeLocal()).containsExactly("169.254.20.10", "fd00::10");
    assertThat(dual.clusterIps()).containsExactly("10.96.0.10", "fd00:10:96::a");
    assertThat(dual.impliedMode()).isEqualTo(CacheMode.IPTABLES);
    assertThat(dual.describe())
        .isEqualTo("IPv4 169.254.20.10, 10.96.0.10 and IPv6 fd00::10, fd00:10:96::a");

    LocalIps dualIpvs = LocalIps.parse("169.254.20.10,fd00::10");
    assertThat(dualIpvs.clusterIps()).isEmpty();
    assertThat(dualIpvs.impliedMode()).isEqualTo(CacheMode.IPVS);

    LocalIps v6 = LocalIps.parse("fd00::10,fd00:10:96::a");
    assertThat(v6.first()).isEqualTo("fd00::10");
    assertThat(v6.impliedMode()).isEqualTo(CacheMode.IPTABLES);
    assertThat(LocalIps.parse("fd00::10").impliedMode()).isEqualTo(CacheMode.IPVS);
    // upstream's IPVS sed leaves a trailing comma
    assertThat(LocalIps.parse("169.254.20.10,").all()).containsExactly("169.254.20.10");
  }

  @Test
  void addressesCompareHoweverTheyAreWritten() {
    assertThat(IpAddresses.same("fd00::10", "FD00:0:0::10")).isTrue();
    assertThat(IpAddresses.same("fd00::10", "fd00::11")).isFalse();
    assertThat(IpAddresses.same("x", "x")).isTrue();
    assertThat(IpAddresses.contains(java.util.List.of("10.96.0.10", "fd00::a"), "fd00:0::a"))
        .isTrue();
  }
}
