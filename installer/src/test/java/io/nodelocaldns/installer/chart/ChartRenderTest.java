package io.nodelocaldns.installer.chart;

import static io.nodelocaldns.installer.chart.TestChart.KUBE_DNS_IP;
import static io.nodelocaldns.installer.chart.TestChart.LOCAL_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the chart renders for the values a user changes. */
class ChartRenderTest {
  private static final String CLUSTER_ZONE = "cluster.local:53";
  private static final List<String> UPSTREAM_ZONES =
      List.of(CLUSTER_ZONE, "in-addr.arpa:53", "ip6.arpa:53", ".:53");

  @Test
  void iptablesModeServesAndBindsTheKubeDnsIpToo() {
    Rendered r = TestChart.render();

    assertThat(r.args()).containsSubsequence("-localip", LOCAL_IP + "," + KUBE_DNS_IP);
    assertThat(r.args()).containsSubsequence("--mode", "iptables");
    assertThat(bindLines(r)).containsOnly("bind " + LOCAL_IP + " " + KUBE_DNS_IP);
    assertThat(r.corefile())
        .contains("forward . __PILLAR__CLUSTER__DNS__ {")
        .contains("forward . __PILLAR__UPSTREAM__SERVERS__\n");
  }

  @Test
  void onlyTheAgentsPlaceholdersAreLeft() {
    for (String mode : List.of("iptables", "ipvs")) {
      assertThat(r(mode).corefile())
          .doesNotContain("__PILLAR__LOCAL__DNS__")
          .doesNotContain("__PILLAR__DNS__DOMAIN__")
          .doesNotContain("__PILLAR__DNS__SERVER__");
    }
  }

  @Test
  void ipvsModeLeavesTheKubeDnsIpToKubeProxy() {
    Rendered r = r("ipvs");

    assertThat(r.args()).containsSubsequence("-localip", LOCAL_IP);
    assertThat(r.args()).doesNotContain(LOCAL_IP + "," + KUBE_DNS_IP, LOCAL_IP + ",");
    assertThat(r.args()).containsSubsequence("--mode", "ipvs");
    assertThat(bindLines(r)).containsOnly("bind " + LOCAL_IP);
    // as the upstream IPVS sed: cluster names go to the kube-dns ClusterIP itself
    assertThat(r.corefile())
        .doesNotContain("__PILLAR__CLUSTER__DNS__")
        .contains("forward . " + KUBE_DNS_IP + " {");
  }

  @Test
  void upstreamBlocksAreThereInUpstreamOrder() {
    assertThat(CorefileBlocks.of(TestChart.render().corefile()).keySet())
        .containsExactlyElementsOf(UPSTREAM_ZONES);
  }

  @Test
  void clusterZoneCachesAsUpstreamByDefault() {
    assertThat(block(TestChart.render(), CLUSTER_ZONE))
        .contains("cache { success 9984 30 denial 9984 5 }");
    assertThat(block(TestChart.render(), ".:53")).contains("cache 30");
  }

  @Test
  void cacheSizesAndTtlsComeFromValues() {
    Rendered r =
        TestChart.render(
            "cache.cluster.success=20000",
            "cache.cluster.denialTTL=10",
            "cache.external.ttl=300",
            "cache.external.denial=500",
            "cache.reverse.ttl=60");

    assertThat(block(r, CLUSTER_ZONE)).contains("cache { success 20000 30 denial 9984 10 }");
    assertThat(block(r, ".:53")).contains("cache 300 { denial 500 }");
    assertThat(block(r, "in-addr.arpa:53")).contains("cache 60");
  }

  @Test
  void eksProfileSendsExternalNamesToTheVpcResolver() {
    Rendered r = TestChart.render("profile=eks");

    assertThat(block(r, ".:53")).contains("forward . 169.254.169.253");
    assertThat(r.args())
        .containsSubsequence("--profile", "eks", "--vpc-resolver", "169.254.169.253");
  }

  @Test
  void eksVpcResolverCanBeAnotherAddress() {
    Rendered r = TestChart.render("profile=eks", "eks.vpcResolver=10.0.0.2");

    assertThat(block(r, ".:53")).contains("forward . 10.0.0.2");
    assertThat(r.args()).containsSubsequence("--vpc-resolver", "10.0.0.2");
  }

  @Test
  void explicitUpstreamServersWinOverResolvConfAndVpcResolver() {
    for (String profile : List.of("generic", "eks")) {
      Rendered r =
          TestChart.render(
              "profile=" + profile, "upstream.servers[0]=1.1.1.1", "upstream.servers[1]=9.9.9.9");

      assertThat(block(r, ".:53")).contains("forward . 1.1.1.1 9.9.9.9");
      assertThat(r.corefile()).doesNotContain("__PILLAR__UPSTREAM__SERVERS__");
    }
  }

  @Test
  void kindAndGenericProfilesAskTheNodesResolvConf() {
    for (String profile : List.of("generic", "kind")) {
      Rendered r = TestChart.render("profile=" + profile);

      assertThat(block(r, ".:53")).contains("forward . __PILLAR__UPSTREAM__SERVERS__");
      assertThat(r.args())
          .containsSubsequence("--profile", profile)
          .doesNotContain("--vpc-resolver");
    }
  }

  @Test
  void logQueriesAddsLogToEveryBlock() {
    assertThat(TestChart.render().corefile()).doesNotContain("log");

    Map<String, List<String>> blocks =
        CorefileBlocks.of(TestChart.render("logQueries=true").corefile());

    assertThat(blocks.values()).allSatisfy(directives -> assertThat(directives).contains("log"));
  }

  @Test
  void stubZonesGetTheirOwnBlocks() {
    Rendered r =
        TestChart.render(
            "stubZones[0].zone=corp.example.com",
            "stubZones[0].servers[0]=10.0.0.53",
            "stubZones[0].servers[1]=10.0.1.53:5353",
            "stubZones[1].zone=consul",
            "stubZones[1].servers[0]=10.0.2.10",
            "stubZones[1].forceTCP=true",
            "stubZones[1].cacheTTL=5");

    assertThat(block(r, "corp.example.com:53"))
        .containsExactly(
            "bind " + LOCAL_IP + " " + KUBE_DNS_IP,
            "cache 30",
            "errors",
            "forward . 10.0.0.53 10.0.1.53:5353",
            "loop",
            "prometheus :9253",
            "reload");
    assertThat(block(r, "consul:53")).contains("cache 5", "forward . 10.0.2.10 { force_tcp }");
  }

  @Test
  void forceTcpCanBeTurnedOffForClusterNames() {
    Rendered r = TestChart.render("forceTCP=false");

    assertThat(block(r, CLUSTER_ZONE)).contains("forward . __PILLAR__CLUSTER__DNS__");
    assertThat(r.corefile()).doesNotContain("force_tcp");
  }

  @Test
  void clusterDomainAndLocalIpAreFilledIn() {
    Rendered r = TestChart.render("clusterDomain=k8s.example", "localIP=169.254.0.53");

    assertThat(CorefileBlocks.of(r.corefile())).containsKey("k8s.example:53");
    assertThat(block(r, "k8s.example:53"))
        .contains("health 169.254.0.53:8080", "ready 169.254.0.53:8181");
    assertThat(r.args()).containsSubsequence("-localip", "169.254.0.53," + KUBE_DNS_IP);
    assertThat(r.container().getLivenessProbe().getHttpGet().getHost()).isEqualTo("169.254.0.53");
  }

  @Test
  void probesAskTheEndpointsTheCorefileServes() {
    Rendered r = TestChart.render("healthPort=18080", "readyPort=18181");
    Container c = r.container();

    HTTPGetAction liveness = c.getLivenessProbe().getHttpGet();
    HTTPGetAction readiness = c.getReadinessProbe().getHttpGet();
    assertThat(List.of(liveness.getHost(), liveness.getPath(), liveness.getPort()))
        .containsExactly(LOCAL_IP, "/health", new IntOrString(18080));
    assertThat(List.of(readiness.getHost(), readiness.getPath(), readiness.getPort()))
        .containsExactly(LOCAL_IP, "/ready", new IntOrString(18181));
    assertThat(block(r, CLUSTER_ZONE))
        .contains("health " + LOCAL_IP + ":18080", "ready " + LOCAL_IP + ":18181");
    // the agent NOTRACKs the health port it is told about
    assertThat(r.args()).containsSubsequence("-health-port", "18080");
  }

  @Test
  void defaultHealthPortNeedsNoFlag() {
    assertThat(TestChart.render().args()).doesNotContain("-health-port");
  }

  @Test
  void surgeUpdateStrategyRendersAndNothingDeclaresAPort() {
    Rendered r =
        TestChart.render(
            "updateStrategy.rollingUpdate.maxSurge=1",
            "updateStrategy.rollingUpdate.maxUnavailable=0");

    RollingUpdateDaemonSet rolling = r.daemonSet().getSpec().getUpdateStrategy().getRollingUpdate();
    assertThat(r.daemonSet().getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(rolling.getMaxSurge()).isEqualTo(new IntOrString(1));
    assertThat(rolling.getMaxUnavailable()).isEqualTo(new IntOrString(0));
    // with hostNetwork a containerPort is a hostPort, which would keep the surge pod off the node
    assertThat(r.daemonSet().getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
    assertThat(r.daemonSet().getSpec().getTemplate().getSpec().getContainers())
        .allSatisfy(container -> assertThat(container.getPorts()).isEmpty());
    assertThat(r.yaml().lines())
        .noneMatch(line -> line.matches("\\s*(- )?(containerPort|hostPort):.*"));
  }

  @Test
  void defaultUpdateStrategySurgesAndNeverLeavesANodeWithoutItsCache() {
    Rendered r = TestChart.render();
    RollingUpdateDaemonSet rolling = r.daemonSet().getSpec().getUpdateStrategy().getRollingUpdate();

    // a tenth of the nodes at a time, rounded up: at least one (charts/README.md, "Surge updates")
    assertThat(rolling.getMaxSurge()).isEqualTo(new IntOrString("10%"));
    assertThat(rolling.getMaxUnavailable()).isEqualTo(new IntOrString(0));
    // the new pod's first probes may reach the old agent on the shared ready port: a margin
    assertThat(r.daemonSet().getSpec().getMinReadySeconds()).isEqualTo(10);
  }

  @Test
  void minReadySecondsZeroIsLeftOut() {
    Rendered r = TestChart.render("minReadySeconds=0");

    assertThat(r.daemonSet().getSpec().getMinReadySeconds()).isNull();
    assertThat(r.yaml()).doesNotContain("minReadySeconds");
  }

  @Test
  void upstreamsUpdateStrategyCanStillBeChosen() {
    RollingUpdateDaemonSet rolling =
        TestChart.render(
                "updateStrategy.rollingUpdate.maxSurge=0",
                "updateStrategy.rollingUpdate.maxUnavailable=10%")
            .daemonSet()
            .getSpec()
            .getUpdateStrategy()
            .getRollingUpdate();

    assertThat(rolling.getMaxUnavailable()).isEqualTo(new IntOrString("10%"));
    assertThat(rolling.getMaxSurge()).isEqualTo(new IntOrString(0));
  }

  @Test
  void metricsServiceTargetsThePrometheusPortByNumber() {
    Rendered r = TestChart.render("metrics.port=9254");
    Service metrics = r.service(HelmChart.NAME);

    assertThat(metrics.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(metrics.getSpec().getPorts().getFirst().getTargetPort())
        .isEqualTo(new IntOrString(9254));
    assertThat(metrics.getSpec().getSelector())
        .isEqualTo(r.daemonSet().getSpec().getSelector().getMatchLabels());
    assertThat(CorefileBlocks.of(r.corefile()).values())
        .allSatisfy(directives -> assertThat(directives).contains("prometheus :9254"));
    assertThat(r.daemonSet().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/port", "9254");
  }

  @Test
  void serviceMonitorOnlyWhenEnabled() {
    assertThat(TestChart.render().find("ServiceMonitor", HelmChart.NAME)).isEmpty();

    Rendered r =
        TestChart.render(
            "metrics.serviceMonitor.enabled=true",
            "metrics.serviceMonitor.interval=15s",
            "metrics.serviceMonitor.labels.release=kube-prometheus-stack");
    GenericKubernetesResource monitor =
        (GenericKubernetesResource) r.find("ServiceMonitor", HelmChart.NAME).orElseThrow();

    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    Map<String, Object> endpoint = monitor.<Map<String, Object>>get("spec", "endpoints", 0);
    assertThat(endpoint).containsEntry("port", "metrics").containsEntry("interval", "15s");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(r.service(HelmChart.NAME).getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(r.service(HelmChart.NAME).getSpec().getPorts().getFirst().getName())
        .isEqualTo("metrics");
  }

  @Test
  void dashboardOnlyWhenEnabled() throws Exception {
    assertThat(TestChart.render().find("ConfigMap", "node-local-dns-dashboard")).isEmpty();

    ConfigMap dashboard =
        TestChart.render("dashboard.enabled=true").configMap("node-local-dns-dashboard");

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("node-local-dns.json"));
    assertThat(json.path("panels").findValuesAsText("title"))
        .contains("Cache hit ratio", "Queries per second", "Responses by rcode", "Forward latency");
    assertThat(json.toString())
        .contains(
            "coredns_cache_hits_total",
            "coredns_cache_requests_total",
            "coredns_dns_requests_total",
            "coredns_dns_responses_total",
            "coredns_forward_request_duration_seconds_bucket");
  }

  @Test
  void imageTagDefaultsToTheAppVersion() throws Exception {
    String appVersion =
        Files.readAllLines(TestChart.DIRECTORY.resolve("Chart.yaml")).stream()
            .filter(line -> line.startsWith("appVersion:"))
            .map(line -> line.substring("appVersion:".length()).strip().replace("\"", ""))
            .findFirst()
            .orElseThrow();

    assertThat(TestChart.render().container().getImage())
        .isEqualTo("ghcr.io/node-local-dns/node-local-dns:" + appVersion);
    assertThat(
            TestChart.render("image.repository=registry.example/nld", "image.tag=dev")
                .container()
                .getImage())
        .isEqualTo("registry.example/nld:dev");
  }

  @Test
  void imageDigestPinsTheImageAndTheTagIsNotUsed() {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);

    assertThat(TestChart.render("image.digest=" + digest).container().getImage())
        .isEqualTo("ghcr.io/node-local-dns/node-local-dns@" + digest);
    assertThat(
            TestChart.render(
                    "image.repository=registry.example/nld",
                    "image.tag=dev",
                    "image.digest=" + digest)
                .container()
                .getImage())
        .isEqualTo("registry.example/nld@" + digest);
  }

  @Test
  void metricsListenOnEveryInterfaceByDefaultAsUpstream() {
    Rendered r = TestChart.render();

    assertThat(CorefileBlocks.of(r.corefile()).values())
        .allSatisfy(directives -> assertThat(directives).contains("prometheus :9253"));
    assertThat(r.daemonSet().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true");
    assertThat(r.service(HelmChart.NAME).getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true");
  }

  @Test
  void metricsAddressKeepsMetricsOffTheNodesOtherInterfacesAndTurnsScrapingOff() {
    Rendered r = TestChart.render("metrics.address=" + LOCAL_IP, "metrics.port=9254");

    assertThat(CorefileBlocks.of(r.corefile()).values())
        .allSatisfy(
            directives -> assertThat(directives).contains("prometheus " + LOCAL_IP + ":9254"));
    // the pod's IP is the node's: a scraper that goes there would find nothing listening
    assertThat(r.daemonSet().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "false");
    assertThat(r.service(HelmChart.NAME).getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "false");
    assertThat(
            CorefileBlocks.of(TestChart.render("metrics.address=::1").corefile()).get(CLUSTER_ZONE))
        .contains("prometheus [::1]:9253");
  }

  @Test
  void anUnspecifiedMetricsAddressIsStillScraped() {
    for (String any : List.of("0.0.0.0", "::")) {
      Rendered r = TestChart.render("metrics.address=" + any);

      assertThat(r.daemonSet().getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry("prometheus.io/scrape", "true");
      assertThat(r.corefile())
          .contains("prometheus " + (any.equals("::") ? "[::]" : any) + ":9253");
    }
  }

  @Test
  void serviceMonitorIsRefusedWhenMetricsAreOffThePodsIp() {
    assertThatThrownBy(
            () ->
                TestChart.render(
                    "metrics.address=127.0.0.1", "metrics.serviceMonitor.enabled=true"))
        .hasMessageContaining("metrics.serviceMonitor.enabled")
        .hasMessageContaining("metrics.address \"127.0.0.1\" keeps /metrics off it");
  }

  @Test
  void schedulingValuesReachThePod() {
    Rendered r =
        TestChart.render(
            "nodeSelector.kubernetes\\.io/os=linux",
            "podAnnotations.example\\.com/team=dns",
            "tolerations[0].key=dedicated",
            "tolerations[0].operator=Exists");
    var pod = r.daemonSet().getSpec().getTemplate();

    assertThat(pod.getSpec().getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("example.com/team", "dns")
        .containsEntry("prometheus.io/scrape", "true");
    assertThat(pod.getSpec().getTolerations()).hasSize(1);
    assertThat(pod.getSpec().getTolerations().getFirst().getKey()).isEqualTo("dedicated");
  }

  @Test
  void defaultTolerationTakesEveryTaint() {
    var tolerations =
        TestChart.render().daemonSet().getSpec().getTemplate().getSpec().getTolerations();

    assertThat(tolerations).hasSize(1);
    assertThat(tolerations.getFirst().getOperator()).isEqualTo("Exists");
    assertThat(tolerations.getFirst().getKey()).isNull();
    assertThat(tolerations.getFirst().getEffect()).isNull();
  }

  @Test
  void ipv6AddressesAreBracketedWhereAPortFollows() {
    Rendered r = TestChart.render("localIP=fd00::a", "kubeDNS.ip=fd00:10:96::a");

    assertThat(r.args()).containsSubsequence("-localip", "fd00::a,fd00:10:96::a");
    assertThat(block(r, CLUSTER_ZONE))
        .contains("bind fd00::a fd00:10:96::a", "health [fd00::a]:8080", "ready [fd00::a]:8181");
    assertThat(r.container().getReadinessProbe().getHttpGet().getHost()).isEqualTo("fd00::a");
  }

  private static Rendered r(String mode) {
    return TestChart.render("mode=" + mode);
  }

  private static List<String> block(Rendered r, String key) {
    Map<String, List<String>> blocks = CorefileBlocks.of(r.corefile());
    assertThat(blocks).containsKey(key);
    return blocks.get(key);
  }

  private static List<String> bindLines(Rendered r) {
    return CorefileBlocks.of(r.corefile()).values().stream()
        .flatMap(List::stream)
        .filter(d -> d.startsWith("bind "))
        .toList();
  }
}
