package io.nodelocaldns.installer.values;

import static org.assertj.core.api.Assertions.assertThat;

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
                "172.20.0.10",
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
            "clusterDomain: \"cluster.local\"\n",
            "image:\n  repository: \"r/nld\"\n  tag: \"1\"\n");
  }
}
