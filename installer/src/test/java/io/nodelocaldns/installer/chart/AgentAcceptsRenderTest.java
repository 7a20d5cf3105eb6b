package io.nodelocaldns.installer.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.nodelocaldns.modes.agent.AgentConfig;
import io.nodelocaldns.modes.agent.AgentFlags;
import io.nodelocaldns.modes.agent.NodeAgentComponents;
import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.profile.Profile;
import io.nodelocaldns.modes.template.CorefileTemplater;
import io.nodelocaldns.modes.template.KubeDnsConfigReader;
import io.nodelocaldns.modes.template.TemplateValues;
import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.cache.CacheConfig;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.forward.ForwardConfig;
import io.nodelocaldns.runtime.health.HealthConfig;
import io.nodelocaldns.runtime.log.LogConfig;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.prometheus.PrometheusConfig;
import io.nodelocaldns.runtime.ready.ReadyConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The render is what our agent can run: its args parse with the agent's own flags, and its
 * Corefile, once the agent's templater has filled the rest (with a fake kube-dns-upstream ClusterIP
 * and node resolv.conf), is accepted by the runtime's parser.
 */
class AgentAcceptsRenderTest {
  private static final String UPSTREAM_SERVICE_IP = "10.96.0.11";
  private static final String NODE_NAMESERVER = "192.168.0.2";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "generic, iptables, ''",
    "generic, ipvs, ''",
    "kind, iptables, ''",
    "kind, ipvs, ''",
    "eks, iptables, ''",
    "eks, ipvs, ''",
    "generic, iptables, logQueries=true",
    "eks, ipvs, stubZones[0].zone=corp.example.com;stubZones[0].servers[0]=10.0.0.53",
    "generic, iptables, cache.external.success=20000;cache.external.denialTTL=10;forceTCP=false",
    "kind, iptables, healthPort=18080;readyPort=18181;metrics.port=9254",
    "generic, iptables, metrics.address=169.254.20.10",
    "eks, ipvs, metrics.address=fd00::a;image.digest=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "generic, iptables, cache.prefetch.enabled=true;cache.serveStale.enabled=true;cache.serveStale.mode=immediate",
    "eks, iptables, forceTCP=false;preferUDP=true;upstream.forwardOptions[0]=policy sequential;upstream.forwardOptions[1]=max_fails 3",
    "kind, ipvs, upstreamService.name=coredns-upstream;serviceAccount.create=false;metrics.scrapeAnnotations=false",
  })
  void agentRunsTheRender(String profile, String mode, String extra) throws Exception {
    String[] sets =
        Stream.concat(
                Stream.of("profile=" + profile, "mode=" + mode),
                Arrays.stream(extra.split(";")).filter(s -> !s.isEmpty()))
            .toArray(String[]::new);
    Rendered r = TestChart.render(sets);

    AgentConfig config = agentConfig(r.args());
    assertThat(config.mode().word()).isEqualTo(mode);
    assertThat(config.profile().word()).isEqualTo(profile);

    Corefile corefile = CorefileParser.parse("Corefile", template(r, config), Map.of());

    List<InetAddress> expectedBinds =
        mode.equals("iptables")
            ? List.of(ip(TestChart.LOCAL_IP), ip(TestChart.KUBE_DNS_IP))
            : List.of(ip(TestChart.LOCAL_IP));
    assertThat(corefile.servers())
        .allSatisfy(
            server -> assertThat(BindConfig.of(server).addresses()).isEqualTo(expectedBinds));
    ServerConfig cluster = server(corefile, "cluster.local.");
    assertThat(upstreams(cluster))
        .containsExactly(
            mode.equals("iptables") ? UPSTREAM_SERVICE_IP + ":53" : TestChart.KUBE_DNS_IP + ":53");
    // the probes ask what the Corefile serves, and the agent NOTRACKs that health port
    HTTPGetAction liveness = r.container().getLivenessProbe().getHttpGet();
    HTTPGetAction readiness = r.container().getReadinessProbe().getHttpGet();
    assertThat(cluster.get(HealthConfig.class).orElseThrow().address())
        .isEqualTo(new InetSocketAddress(ip(liveness.getHost()), liveness.getPort().getIntVal()));
    assertThat(cluster.get(ReadyConfig.class).orElseThrow().address())
        .isEqualTo(new InetSocketAddress(ip(readiness.getHost()), readiness.getPort().getIntVal()));
    assertThat(config.healthPort()).isEqualTo(liveness.getPort().getIntVal());
    assertThat(upstreams(server(corefile, ".")))
        .containsExactly(profile.equals("eks") ? "169.254.169.253:53" : NODE_NAMESERVER + ":53");
    // every block's /metrics where metrics.address and metrics.port say
    String address = values(sets).getOrDefault("metrics.address", "0.0.0.0");
    int port = Integer.parseInt(values(sets).getOrDefault("metrics.port", "9253"));
    assertThat(corefile.servers())
        .allSatisfy(
            server ->
                assertThat(server.get(PrometheusConfig.class).orElseThrow().address())
                    .isEqualTo(new InetSocketAddress(ip(address), port)));
  }

  /**
   * Dual-stack and IPv6-only: the flags parse, the mode binds all of {@code -localip} (the chart
   * passes only what the mode binds), and the Corefile, templated as the agent does, is accepted by
   * the runtime, every block binding each of them and health and ready where the probes ask.
   */
  @ParameterizedTest(name = "{1} {0}")
  @CsvSource({
    "localIPv6=fd00::10;kubeDNS.ipv6=fd00:10:96::a, iptables",
    "localIPv6=fd00::10;kubeDNS.ipv6=fd00:10:96::a, ipvs",
    "localIP=fd00::10;kubeDNS.ip=fd00:10:96::a, iptables",
    "localIP=fd00::10;kubeDNS.ip=fd00:10:96::a, ipvs",
  })
  void agentRunsEveryFamily(String extra, String mode) throws Exception {
    String[] sets =
        Stream.concat(Stream.of("mode=" + mode), Arrays.stream(extra.split(";")))
            .toArray(String[]::new);
    Rendered r = TestChart.render(sets);
    AgentConfig config = agentConfig(r.args());
    List<InetAddress> served =
        Arrays.stream(localip(r.args()).split(",")).map(AgentAcceptsRenderTest::ip).toList();
    LocalIps localIps = config.localIpsOrLoopback();

    assertThat(new NodeAgentComponents().mode(config.mode(), localIps).listenAddresses(localIps))
        .as("the mode binds every address the chart passes")
        .isEqualTo(served);
    Corefile corefile = CorefileParser.parse("Corefile", template(r, config), Map.of());

    assertThat(config.mode().word()).isEqualTo(mode);
    assertThat(corefile.servers())
        .allSatisfy(server -> assertThat(BindConfig.of(server).addresses()).isEqualTo(served));
    ServerConfig cluster = server(corefile, "cluster.local.");
    HTTPGetAction liveness = r.container().getLivenessProbe().getHttpGet();
    HTTPGetAction readiness = r.container().getReadinessProbe().getHttpGet();
    assertThat(cluster.get(HealthConfig.class).orElseThrow().address())
        .isEqualTo(new InetSocketAddress(ip(liveness.getHost()), liveness.getPort().getIntVal()));
    assertThat(cluster.get(ReadyConfig.class).orElseThrow().address())
        .isEqualTo(new InetSocketAddress(ip(readiness.getHost()), readiness.getPort().getIntVal()));
    assertThat(served.getFirst()).isEqualTo(ip(liveness.getHost()));
  }

  /** The value of {@code -localip} in the container's args. */
  private static String localip(List<String> args) {
    return args.get(args.indexOf("-localip") + 1);
  }

  private static Map<String, String> values(String[] sets) {
    return Arrays.stream(sets)
        .map(set -> set.split("=", 2))
        .collect(java.util.stream.Collectors.toMap(kv -> kv[0], kv -> kv[1]));
  }

  @Test
  void agentRunsEveryOptionalPart() throws Exception {
    ChartValues values =
        TestChart.values().withFile(Path.of("src/test/resources/chart/values-everything.yaml"));
    Rendered r = Rendered.of(TestChart.renderText(values));

    AgentConfig config = agentConfig(r.args());
    assertThat(config.syncInterval()).isEqualTo(Duration.ofSeconds(30));
    Corefile corefile = CorefileParser.parse("Corefile", template(r, config), Map.of());

    assertThat(upstreams(server(corefile, "."))).containsExactly("1.1.1.1:53", "9.9.9.9:53");
    assertThat(upstreams(server(corefile, "corp.example.com.")))
        .containsExactly("10.0.0.53:53", "10.0.1.53:5353");
    assertThat(server(corefile, "consul.").get(ForwardConfig.class).orElseThrow().forceTcp())
        .isTrue();
    assertThat(corefile.servers())
        .allSatisfy(server -> assertThat(server.get(LogConfig.class)).isPresent());
  }

  @Test
  void agentReadsTheCorefileOptionsAsWritten() throws Exception {
    Rendered r =
        TestChart.renderYaml(
            """
            forceTCP: false
            preferUDP: true
            cache:
              prefetch: {enabled: true, amount: 5, duration: 1m, percentage: 15%}
              serveStale: {enabled: true, duration: 2h, mode: immediate}
            upstream:
              forwardOptions: {policy: sequential, max_fails: 3, max_concurrent: 500}
            stubZones:
              - {zone: consul, servers: [10.0.2.10], forceTCP: true}
            extraServerBlocks: |
              example.org:53 {
                  errors
                  bind __PILLAR__LOCAL__DNS__ __PILLAR__DNS__SERVER__
                  forward . 10.0.0.1
              }
            """);
    AgentConfig config = agentConfig(r.args());

    Corefile corefile = CorefileParser.parse("Corefile", template(r, config), Map.of());

    for (String zone : List.of("cluster.local.", "in-addr.arpa.", "ip6.arpa.", ".", "consul.")) {
      CacheConfig cache = server(corefile, zone).get(CacheConfig.class).orElseThrow();
      assertThat(cache.prefetch())
          .as(zone)
          .contains(new CacheConfig.Prefetch(5, Duration.ofMinutes(1), 15));
      assertThat(cache.serveStale())
          .as(zone)
          .contains(
              new CacheConfig.ServeStale(Duration.ofHours(2), CacheConfig.RefreshMode.IMMEDIATE));
    }
    ForwardConfig cluster =
        server(corefile, "cluster.local.").get(ForwardConfig.class).orElseThrow();
    assertThat(cluster.preferUdp()).isTrue();
    assertThat(cluster.forceTcp()).isFalse();
    ForwardConfig external = server(corefile, ".").get(ForwardConfig.class).orElseThrow();
    assertThat(external.policy()).isEqualTo(ForwardConfig.Policy.SEQUENTIAL);
    assertThat(external.maxFails()).isEqualTo(3);
    assertThat(external.maxConcurrent()).isEqualTo(500);
    assertThat(server(corefile, "consul.").get(ForwardConfig.class).orElseThrow().forceTcp())
        .isTrue();
    // the extra block's placeholders are the agent's to fill, as in the generated blocks
    assertThat(BindConfig.of(server(corefile, "example.org.")).addresses())
        .containsExactly(ip(TestChart.LOCAL_IP), ip(TestChart.KUBE_DNS_IP));
    assertThat(upstreams(server(corefile, "example.org."))).containsExactly("10.0.0.1:53");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"iptables", "ipvs"})
  void agentRunsABindOnTheWildcard(String mode) throws Exception {
    Rendered r = TestChart.render("mode=" + mode, "bindAnyAddress=true");
    AgentConfig config = agentConfig(r.args());

    Corefile corefile = CorefileParser.parse("Corefile", template(r, config), Map.of());

    assertThat(corefile.servers())
        .allSatisfy(
            server -> assertThat(BindConfig.of(server).addresses()).containsExactly(ip("0.0.0.0")));
  }

  @Test
  void agentRunsACustomConfig() throws Exception {
    // deliveryhero's generated Corefile, roughly, as a user would carry it over: the probes'
    // endpoints added, the __PILLAR__ placeholders left to the agent
    Rendered r =
        TestChart.renderYaml(
            """
            customConfig: |
              {{ .Values.clusterDomain }}:53 {
                  errors
                  cache {
                      success 9984 30
                      denial 9984 5
                      prefetch 3 30s 20%
                  }
                  reload
                  loop
                  bind __PILLAR__LOCAL__DNS__ __PILLAR__DNS__SERVER__
                  forward . __PILLAR__CLUSTER__DNS__ {
                      force_tcp
                  }
                  prometheus :9253
                  health {{ .Values.localIP }}:{{ .Values.healthPort }}
                  ready {{ .Values.localIP }}:{{ .Values.readyPort }}
              }
              .:53 {
                  errors
                  cache 30
                  reload
                  loop
                  bind __PILLAR__LOCAL__DNS__ __PILLAR__DNS__SERVER__
                  forward . __PILLAR__UPSTREAM__SERVERS__
                  prometheus :9253
              }
            """);
    AgentConfig config = agentConfig(r.args());

    Corefile corefile = CorefileParser.parse("Corefile", template(r, config), Map.of());

    assertThat(corefile.servers()).hasSize(2);
    ServerConfig cluster = server(corefile, "cluster.local.");
    HTTPGetAction readiness = r.container().getReadinessProbe().getHttpGet();
    assertThat(cluster.get(ReadyConfig.class).orElseThrow().address())
        .isEqualTo(new InetSocketAddress(ip(readiness.getHost()), readiness.getPort().getIntVal()));
    assertThat(upstreams(cluster)).containsExactly(UPSTREAM_SERVICE_IP + ":53");
    assertThat(upstreams(server(corefile, "."))).containsExactly(NODE_NAMESERVER + ":53");
  }

  /** noIPv6Lookups writes CoreDNS's {@code template IN AAAA { rcode NOERROR }} in every block. */
  @Test
  void agentRunsTheNoIpv6LookupsTemplate() throws Exception {
    Rendered r =
        TestChart.render(
            "noIPv6Lookups=true", "stubZones[0].zone=consul", "stubZones[0].servers[0]=10.0.2.10");
    AgentConfig config = agentConfig(r.args());

    Corefile corefile = CorefileParser.parse("Corefile", template(r, config), Map.of());

    assertThat(corefile.servers()).hasSize(5);
  }

  private static AgentConfig agentConfig(List<String> args) throws Exception {
    AgentFlags.Request request = new AgentFlags().parse(args.toArray(String[]::new));
    assertThat(request).isInstanceOf(AgentFlags.Run.class);
    AgentFlags.Run run = (AgentFlags.Run) request;
    assertThat(run.notices()).as("no ignored flags").isEmpty();
    return run.config();
  }

  /** What the agent does at start: the ConfigMap's Corefile as its base, templated. */
  private String template(Rendered r, AgentConfig config) throws Exception {
    Path base = Files.writeString(dir.resolve("Corefile.base"), r.corefile());
    NodeAgentComponents components = new NodeAgentComponents();
    LocalIps localIps = config.localIpsOrLoopback();
    List<InetAddress> listen = components.mode(config.mode(), localIps).listenAddresses(localIps);
    Profile profile = components.profile(config.profile().word(), config.vpcResolver());
    TemplateValues values =
        new TemplateValues(
            localIps,
            listen,
            config.clusterDnsEnvVar(),
            Map.of(config.clusterDnsEnvVar(), UPSTREAM_SERVICE_IP),
            () -> profile.upstreamServers(List.of(ip(NODE_NAMESERVER))));
    Path noKubeDnsConfigMap = Files.createDirectories(dir.resolve("kube-dns"));
    String corefile =
        new CorefileTemplater(
                base, new KubeDnsConfigReader(noKubeDnsConfigMap, SetupErrors.NONE), values)
            .render();
    assertThat(corefile).doesNotContain("__PILLAR__");
    return corefile;
  }

  private static ServerConfig server(Corefile corefile, String zone) {
    return corefile.servers().stream()
        .filter(s -> s.zones().contains(zone))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no server block for " + zone));
  }

  private static List<String> upstreams(ServerConfig server) {
    ForwardConfig forward = server.get(ForwardConfig.class).orElseThrow();
    return forward.upstreams().stream()
        .map(InetSocketAddress.class::cast)
        .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
        .toList();
  }

  private static InetAddress ip(String literal) {
    return Addresses.ip(literal).orElseThrow();
  }
}
