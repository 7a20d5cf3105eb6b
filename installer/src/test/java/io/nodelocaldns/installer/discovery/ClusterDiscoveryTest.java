package io.nodelocaldns.installer.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.nodelocaldns.installer.fixtures.Clusters;
import io.nodelocaldns.installer.values.CacheMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@EnableKubernetesMockClient(crud = true)
class ClusterDiscoveryTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  private final List<String> notes = new ArrayList<>();
  private ClusterDiscovery discovery;

  @BeforeEach
  void setUp() {
    server.clearExpectations();
    client.nodes().delete();
    client.services().inNamespace("kube-system").delete();
    client.configMaps().inNamespace("kube-system").delete();
    discovery = new ClusterDiscovery(client, notes::add);
  }

  @ParameterizedTest(name = "{0} cluster, kube-proxy mode \"{1}\" -> {3}")
  @CsvSource({
    "kind,    iptables, IPTABLES, IPTABLES",
    "kind,    ipvs,     IPVS,     IPVS",
    "kind,    nftables, NFTABLES, IPTABLES",
    "kind,    '',       IPTABLES, IPTABLES",
    "eks,     iptables, IPTABLES, IPTABLES",
    "eks,     ipvs,     IPVS,     IPVS",
    "eks,     nftables, NFTABLES, IPTABLES",
    "eks,     '',       IPTABLES, IPTABLES",
    "generic, iptables, IPTABLES, IPTABLES",
    "generic, ipvs,     IPVS,     IPVS",
    "generic, nftables, NFTABLES, IPTABLES",
    "generic, '',       IPTABLES, IPTABLES",
  })
  void readsClusterTypeAndKubeProxyMode(
      String cluster, String mode, KubeProxyMode proxy, CacheMode cache) {
    switch (cluster) {
      case "kind" -> {
        Clusters.kindNodes(client);
        Clusters.kubeadmKubeProxy(client, mode);
      }
      case "eks" -> {
        Clusters.eksNodes(client);
        Clusters.eksKubeProxy(client, mode);
      }
      default -> {
        Clusters.genericNodes(client);
        Clusters.kubeadmKubeProxy(client, mode);
      }
    }
    Clusters.kubeDns(client, "10.96.0.10");

    assertThat(discovery.clusterType().value().cliName()).isEqualTo(cluster);
    Sourced<KubeProxyMode> found = discovery.kubeProxyMode();
    assertThat(found.value()).isEqualTo(proxy);
    assertThat(CacheMode.matching(found.value())).isEqualTo(cache);
    assertThat(found.source())
        .contains(cluster.equals("eks") ? "kube-proxy-config" : "kube-system/kube-proxy");
    assertThat(discovery.kubeDns("kube-system", "kube-dns").value().primaryIp())
        .isEqualTo("10.96.0.10");
  }

  @Test
  void dualStackKubeDnsKeepsBothAddressesPrimaryFirst() {
    Clusters.kubeDns(client, List.of("10.96.0.10", "fd00:10:96::a"), List.of("IPv4", "IPv6"));

    KubeDns dns = discovery.kubeDns("kube-system", "kube-dns").value();

    assertThat(dns.clusterIps()).containsExactly("10.96.0.10", "fd00:10:96::a");
    assertThat(dns.primaryIp()).isEqualTo("10.96.0.10");
    assertThat(dns.family()).isEqualTo("dual-stack (IPv4 primary)");
    assertThat(dns.clusterIp("IPv4")).contains("10.96.0.10");
    assertThat(dns.clusterIp("IPv6")).contains("fd00:10:96::a");
  }

  @Test
  void ipv6PrimaryKubeDnsKnowsEachFamilysAddress() {
    Clusters.kubeDns(client, List.of("fd00:10:96::a", "10.96.0.10"), List.of("IPv6", "IPv4"));

    KubeDns dns = discovery.kubeDns("kube-system", "kube-dns").value();

    assertThat(dns.family()).isEqualTo("dual-stack (IPv6 primary)");
    assertThat(dns.clusterIp("IPv4")).contains("10.96.0.10");
    assertThat(dns.clusterIp("IPv6")).contains("fd00:10:96::a");
  }

  @Test
  void ipv6KubeDns() {
    Clusters.kubeDns(client, "fd00:10:96::a");

    KubeDns dns = discovery.kubeDns("kube-system", "kube-dns").value();
    assertThat(dns.family()).isEqualTo("IPv6");
    assertThat(dns.clusterIp("IPv6")).contains("fd00:10:96::a");
    assertThat(dns.clusterIp("IPv4")).isEmpty();
  }

  @Test
  void aServiceWithoutClusterIpsOrFamiliesHasItsClusterIp() {
    // written before dual-stack (Kubernetes < 1.20): spec.clusterIP alone
    client
        .services()
        .inNamespace("kube-system")
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata()
                .withName("kube-dns")
                .withNamespace("kube-system")
                .endMetadata()
                .withNewSpec()
                .withClusterIP("fd00:10:96::a")
                .endSpec()
                .build())
        .create();

    KubeDns dns = discovery.kubeDns("kube-system", "kube-dns").value();

    assertThat(dns.clusterIps()).containsExactly("fd00:10:96::a");
    assertThat(dns.clusterIp("IPv6")).contains("fd00:10:96::a");
    assertThat(dns.family()).isEqualTo("IPv6");
  }

  @Test
  void noKubeDnsSaysWhatToPass() {
    assertThatThrownBy(() -> discovery.kubeDns("kube-system", "kube-dns"))
        .isInstanceOf(DiscoveryException.class)
        .hasMessageContaining("no Service kube-system/kube-dns")
        .hasMessageContaining("--kube-dns-ip")
        .hasMessageContaining("--kube-dns-service");
  }

  @Test
  void unknownKubeProxyModeSaysToPassMode() {
    Clusters.kubeadmKubeProxy(client, "kernelspace");

    assertThatThrownBy(() -> discovery.kubeProxyMode())
        .isInstanceOf(DiscoveryException.class)
        .hasMessage(
            "kube-proxy mode \"kernelspace\" (ConfigMap kube-system/kube-proxy) is not iptables, ipvs or"
                + " nftables: pass --mode iptables or --mode ipvs");
  }

  @Test
  void missingKubeProxyConfigMapSaysToPassMode() {
    assertThatThrownBy(() -> discovery.kubeProxyMode())
        .isInstanceOf(DiscoveryException.class)
        .hasMessageContaining("no kube-proxy ConfigMap")
        .hasMessageContaining("pass --mode iptables or --mode ipvs");
  }

  @Test
  void kubeProxyConfigMapWithoutItsKey() {
    Clusters.configMap(client, "kube-proxy", "kubeconfig.conf", "apiVersion: v1");

    assertThatThrownBy(() -> discovery.kubeProxyMode())
        .hasMessage(
            "ConfigMap kube-system/kube-proxy has no key config.conf: pass --mode iptables or --mode ipvs");
  }

  @Test
  void headlessKubeDnsIsAnError() {
    Clusters.kubeDns(client, List.of("None"), List.of("IPv4"));

    assertThatThrownBy(() -> discovery.kubeDns("kube-system", "kube-dns"))
        .hasMessageContaining("has no ClusterIP")
        .hasMessageContaining("--kube-dns-ip");
  }

  @Test
  void clusterDomainFromKubeletConfigz() {
    Clusters.kindNodes(client);
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes/kind-control-plane/proxy/configz")
        .andReturn(
            200,
            "{\"kubeletconfig\":{\"clusterDomain\":\"corp.example\",\"clusterDNS\":[\"10.96.0.10\"]}}")
        .once();

    Sourced<String> domain = discovery.clusterDomain();

    assertThat(domain.value()).isEqualTo("corp.example");
    assertThat(domain.source()).contains("configz").contains("kind-control-plane");
    assertThat(notes).isEmpty();
  }

  @Test
  void clusterDomainFromCoreDnsWhenConfigzIsForbidden() {
    Clusters.kindNodes(client);
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes/kind-control-plane/proxy/configz")
        .andReturn(403, "{}")
        .once();
    Clusters.coreDnsCorefile(client, "cluster.example");

    assertThat(discovery.clusterDomain().value()).isEqualTo("cluster.example");
    assertThat(notes).isEmpty();
  }

  @Test
  void clusterDomainFallsBackToClusterLocalWithANote() {
    Clusters.genericNodes(client);

    assertThat(discovery.clusterDomain().value()).isEqualTo("cluster.local");
    assertThat(notes)
        .singleElement()
        .asString()
        .contains("cluster.local")
        .contains("--cluster-domain");
  }

  @Test
  void discoverGathersEveryFactWithItsSource() {
    Clusters.eksNodes(client);
    Clusters.kubeDns(client, "172.20.0.10");
    Clusters.eksKubeProxy(client, "");
    Clusters.coreDnsCorefile(client, "cluster.local");

    ClusterFacts facts = discovery.discover();

    assertThat(facts.kubeDns().value().primaryIp()).isEqualTo("172.20.0.10");
    assertThat(facts.clusterDomain().value()).isEqualTo("cluster.local");
    assertThat(facts.kubeProxyMode().value()).isEqualTo(KubeProxyMode.IPTABLES);
    assertThat(facts.kubeProxyMode().source())
        .isEqualTo("ConfigMap kube-system/kube-proxy-config (mode: \"\")");
    assertThat(facts.clusterType().value()).isEqualTo(ClusterType.EKS);
    assertThat(facts.nodes()).hasSize(2);
  }

  @Test
  void clusterWithoutNodesIsGeneric() {
    assertThat(discovery.clusterType().value()).isEqualTo(ClusterType.GENERIC);
  }
}
