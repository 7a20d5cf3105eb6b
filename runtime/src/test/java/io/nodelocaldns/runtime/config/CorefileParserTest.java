package io.nodelocaldns.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.cache.CacheConfig;
import io.nodelocaldns.runtime.cache.CacheConfig.Tier;
import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Location;
import io.nodelocaldns.runtime.errors.ErrorsConfig;
import io.nodelocaldns.runtime.forward.ForwardConfig;
import io.nodelocaldns.runtime.forward.ForwardConfig.Policy;
import io.nodelocaldns.runtime.forward.ForwardSetup;
import io.nodelocaldns.runtime.health.HealthConfig;
import io.nodelocaldns.runtime.loop.LoopConfig;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.plugin.InterfaceAddresses;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.plugin.ServerConfig.Configured;
import io.nodelocaldns.runtime.prometheus.PrometheusConfig;
import io.nodelocaldns.runtime.reload.ReloadConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CorefileParserTest {
  private static final String FILE = "Corefile";

  @TempDir Path dir;
  private Path resolvConf;

  @BeforeEach
  void writeResolvConf() throws IOException {
    resolvConf =
        Files.writeString(dir.resolve("resolv.conf"), "nameserver 10.0.0.2\nnameserver 10.0.0.3\n");
  }

  private static Corefile parse(String text) {
    return CorefileParser.parse(FILE, text, Map.of());
  }

  private static InetAddress ip(String text) {
    return Addresses.ip(text).orElseThrow();
  }

  // --- the upstream manifest's Corefile ---

  private static Path upstreamCorefile() throws URISyntaxException {
    return Path.of(
        CorefileParserTest.class.getResource("/corefiles/nodelocaldns.Corefile").toURI());
  }

  /** What the node agent fills in, in iptables mode, as the upstream node-cache does. */
  private Map<String, String> placeholders() {
    Map<String, String> values = new HashMap<>();
    values.put("__PILLAR__DNS__DOMAIN__", "cluster.local");
    values.put("__PILLAR__LOCAL__DNS__", "169.254.20.10");
    values.put("__PILLAR__DNS__SERVER__", "10.96.0.10");
    values.put("__PILLAR__CLUSTER__DNS__", "10.96.0.11");
    values.put("__PILLAR__UPSTREAM__SERVERS__", resolvConf.toString());
    return values;
  }

  @Test
  void loadsTheUpstreamNodeLocalDnsCorefile() throws Exception {
    Path file = upstreamCorefile();
    Corefile corefile = CorefileParser.load(file, placeholders());

    BindConfig bind = new BindConfig(List.of(ip("169.254.20.10"), ip("10.96.0.10")));
    ForwardConfig toClusterDns =
        forward(List.of(new InetSocketAddress(ip("10.96.0.11"), 53)), true);
    ForwardConfig toNodeResolvers =
        forward(
            List.of(
                new InetSocketAddress(ip("10.0.0.2"), 53),
                new InetSocketAddress(ip("10.0.0.3"), 53)),
            false);
    CacheConfig clusterCache =
        cache("cluster.local.", tier(Duration.ofSeconds(30)), tier(Duration.ofSeconds(5)));
    Optional<HealthConfig> health =
        Optional.of(
            new HealthConfig(new InetSocketAddress(ip("169.254.20.10"), 8080), Duration.ZERO));
    String where = file.toString();

    assertThat(corefile.source()).isEqualTo(where);
    assertThat(corefile.text())
        .doesNotContain("__PILLAR__")
        .contains("bind 169.254.20.10 10.96.0.10");
    assertThat(corefile.servers())
        .containsExactly(
            server(
                "cluster.local.", new Location(where, 1), bind, clusterCache, toClusterDns, health),
            server(
                "in-addr.arpa.",
                new Location(where, 16),
                bind,
                cache30("in-addr.arpa."),
                toClusterDns,
                Optional.empty()),
            server(
                "ip6.arpa.",
                new Location(where, 27),
                bind,
                cache30("ip6.arpa."),
                toClusterDns,
                Optional.empty()),
            server(
                ".",
                new Location(where, 38),
                bind,
                cache30("."),
                toNodeResolvers,
                Optional.empty()));
  }

  @Test
  void upstreamCorefileTakesUpstreamServersAsAList() throws Exception {
    Map<String, String> values = placeholders();
    values.put("__PILLAR__UPSTREAM__SERVERS__", "10.0.0.8 10.0.0.9:5353");
    ServerConfig root = CorefileParser.load(upstreamCorefile(), values).servers().get(3);
    assertThat(root.get(ForwardConfig.class).orElseThrow().upstreams())
        .containsExactly(
            new InetSocketAddress(ip("10.0.0.8"), 53), new InetSocketAddress(ip("10.0.0.9"), 5353));
  }

  @Test
  void upstreamCorefileInIpvsModeBindsTheLocalAddressOnly() throws Exception {
    Map<String, String> values = placeholders();
    values.put("__PILLAR__DNS__SERVER__", ""); // IPVS mode: the agent drops the kube-dns IP
    Corefile corefile = CorefileParser.load(upstreamCorefile(), values);
    assertThat(corefile.servers())
        .allSatisfy(
            s ->
                assertThat(BindConfig.of(s))
                    .isEqualTo(new BindConfig(List.of(ip("169.254.20.10")))));
  }

  @Test
  void upstreamCorefileNamesThePlaceholderLeftUnfilled() throws Exception {
    Map<String, String> values = placeholders();
    values.remove("__PILLAR__UPSTREAM__SERVERS__");
    Path file = upstreamCorefile();
    assertThatThrownBy(() -> CorefileParser.load(file, values))
        .isInstanceOf(CorefileException.class)
        .hasMessage(
            file
                + ":44: forward: placeholder __PILLAR__UPSTREAM__SERVERS__ was not substituted"
                + " (expected the node agent to fill it in, in \"__PILLAR__UPSTREAM__SERVERS__\")");
  }

  @Test
  void namesAFileThatCannotBeRead() {
    Path missing = dir.resolve("Corefile");
    assertThatThrownBy(() -> CorefileParser.load(missing, Map.of()))
        .isInstanceOf(CorefileException.class)
        .hasMessage(missing + ":0: cannot read the Corefile: no such file");
  }

  // --- server blocks ---

  @Test
  void makesOneServerPerPortOfABlock() {
    Corefile corefile =
        parse("cluster.local:53 in-addr.arpa:5353, dns://IP6.ARPA {\n errors\n cache\n}");
    assertThat(corefile.servers())
        .extracting(ServerConfig::zones, ServerConfig::port)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(List.of("cluster.local.", "ip6.arpa."), 53),
            org.assertj.core.groups.Tuple.tuple(List.of("in-addr.arpa."), 5353));
    ServerConfig first = corefile.servers().get(0);
    ServerConfig second = corefile.servers().get(1);
    assertThat(second.get(CacheConfig.class)).isEqualTo(first.get(CacheConfig.class));
    // the cache covers every zone of the block, as CoreDNS's server block keys
    assertThat(first.get(CacheConfig.class).orElseThrow().zones())
        .containsExactly("cluster.local.", "in-addr.arpa.", "ip6.arpa.");
  }

  @Test
  void leavesAbsentDirectivesEmptyAndListensEverywhereWithoutBind() {
    ServerConfig server = parse("example.org {\n}").servers().get(0);
    assertThat(server)
        .isEqualTo(new ServerConfig(List.of("example.org."), 53, new Location(FILE, 1), List.of()));
    assertThat(BindConfig.of(server)).isEqualTo(BindConfig.WILDCARD);
  }

  @Test
  void readsDirectivesInAnyOrder() {
    String a = ".:0 {\n loop\n forward . 10.0.0.1\n cache 30\n errors\n bind 127.0.0.1\n}";
    String b = ".:0 {\n errors\n bind 127.0.0.1\n cache 30\n forward . 10.0.0.1\n loop\n}";
    ServerConfig x = parse(a).servers().get(0);
    ServerConfig y = parse(b).servers().get(0);
    assertThat(x.port()).isZero();
    assertThat(
            List.of(
                BindConfig.of(x),
                x.get(ErrorsConfig.class),
                x.get(CacheConfig.class),
                x.get(ForwardConfig.class),
                x.get(LoopConfig.class)))
        .isEqualTo(
            List.of(
                BindConfig.of(y),
                y.get(ErrorsConfig.class),
                y.get(CacheConfig.class),
                y.get(ForwardConfig.class),
                y.get(LoopConfig.class)));
  }

  @Test
  void bindsTheAddressesOfANamedInterface() {
    InterfaceAddresses machine =
        name ->
            name.equals("nodelocaldns")
                ? Optional.of(List.of(ip("169.254.20.10"), ip("10.96.0.10")))
                : Optional.empty();
    Corefile corefile =
        CorefileParser.parse(
            FILE,
            ".:53 {\n bind nodelocaldns\n}",
            Map.of(),
            Plugins.STANDARD,
            new Machine(machine, Map.of()));
    assertThat(BindConfig.of(corefile.servers().get(0)))
        .isEqualTo(new BindConfig(List.of(ip("169.254.20.10"), ip("10.96.0.10"))));
  }

  @Test
  void servesTheSameZoneOnTwoPorts() {
    assertThat(parse(".:53 {\n}\n.:5353 {\n}").servers())
        .extracting(ServerConfig::port)
        .containsExactly(53, 5353);
  }

  @Test
  void servesTheSameZoneAndPortOnDifferentBindAddresses() {
    Corefile corefile =
        parse(".:53 {\n bind 127.0.0.1\n}\n.:53 {\n bind 127.0.0.2 ::1\n}\n.:5353 {\n}");
    assertThat(corefile.servers())
        .extracting(s -> BindConfig.of(s).addresses())
        .containsExactly(List.of(ip("127.0.0.1")), List.of(ip("127.0.0.2"), ip("::1")), List.of());
  }

  static Stream<Arguments> semanticErrors() {
    return Stream.of(
        Arguments.of(
            ".:53 {\n errors\n rewrite name a b\n}",
            "Corefile:3: unknown directive \"rewrite\": not implemented here; rewrite in CoreDNS,"
                + " where this cache forwards cluster names (supported: bind, cache, errors, forward,"
                + " health, log, loop, prometheus, ready, reload, template)"),
        Arguments.of(
            ".:53 {\n frobnicate\n}",
            "Corefile:2: unknown directive \"frobnicate\" (supported: bind, cache, errors, forward,"
                + " health, log, loop, prometheus, ready, reload, template)"),
        Arguments.of(
            ".:53 {\n prometheus {$NODE_LOCAL_DNS_NEVER_SET}:9253\n}",
            "Corefile:2: environment variable NODE_LOCAL_DNS_NEVER_SET is not set (in"
                + " \"{$NODE_LOCAL_DNS_NEVER_SET}\")"),
        Arguments.of(
            ".:53 {\n import common\n}",
            "Corefile:2: import: imports and snippets are not supported (write the directives out"
                + " in each block)"),
        Arguments.of(
            ".:53 {\n cache\n errors\n cache 30\n}",
            "Corefile:4: cache: may appear only once in a server block (first at line 2)"),
        Arguments.of(
            ".:53 {\n forward . 10.0.0.1\n forward . 10.0.0.2\n}",
            "Corefile:3: forward: may appear only once in a server block (first at line 2)"),
        Arguments.of(
            "cluster.local:53 {\n}\n\nCluster.Local {\n}",
            "Corefile:4: cannot serve dns://cluster.local.:53 - it is already defined (at line 1)"),
        Arguments.of(
            ".:53 {\n bind 127.0.0.1\n}\n.:53 {\n bind ::1 127.0.0.1\n}",
            "Corefile:4: cannot serve dns://.:53 on 127.0.0.1 - it is already defined (at line"
                + " 1)"),
        Arguments.of(
            ".:53 {\n}\n.:53 {\n bind 127.0.0.1\n}",
            "Corefile:3: cannot serve dns://.:53 on 127.0.0.1 - zone overlap listener capacity"
                + " with dns://.:53 (at line 1)"),
        Arguments.of(
            ".:53 {\n bind 127.0.0.1\n}\n.:53 {\n}",
            "Corefile:4: cannot serve dns://.:53 - zone overlap listener capacity with dns://.:53"
                + " on 127.0.0.1 (at line 1)"),
        Arguments.of(
            "a.example a.example:53 {\n}",
            "Corefile:1: cannot serve dns://a.example.:53 - it is already defined (at line 1)"),
        Arguments.of(
            "tls://.:853 {\n}",
            "Corefile:1: server block key \"tls://.:853\": tls:// is not supported: this cache"
                + " serves plain DNS over UDP and TCP; serve tls:// from CoreDNS (expected"
                + " [dns://]ZONE[:PORT])"),
        Arguments.of(
            "grpc://. {\n}",
            "Corefile:1: server block key \"grpc://.\": grpc:// is not supported: this cache"
                + " serves plain DNS over UDP and TCP; serve grpc:// from CoreDNS (expected"
                + " [dns://]ZONE[:PORT])"),
        Arguments.of(
            ".:65536 {\n}",
            "Corefile:1: server block key \".:65536\": port must be between 0 and 65535, got"
                + " \"65536\""),
        Arguments.of(
            ".:dns {\n}",
            "Corefile:1: server block key \".:dns\": port must be between 0 and 65535, got"
                + " \"dns\""),
        Arguments.of(
            "10.0.0.0/8 {\n}",
            "Corefile:1: server block key \"10.0.0.0/8\": expected a domain name such as"
                + " cluster.local or ., got \"10.0.0.0/8\" (CIDR notation is not supported)"),
        Arguments.of(
            ".:53 {\n errors\n cache -1\n}",
            "Corefile:3: cache: TTL must be a whole number of seconds of at least 1, got \"-1\""),
        Arguments.of(
            ".:53 {\n}\nexample.org {\n forward . 10.0.0.1 {\n  force_tcp\n  prefer_udp\n }\n}",
            "Corefile:6: forward: prefer_udp: cannot be combined with force_tcp (choose one"
                + " transport rule)"));
  }

  @ParameterizedTest
  @MethodSource("semanticErrors")
  void reportsSemanticErrorWithItsLine(String text, String message) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(CorefileException.class).hasMessage(message);
  }

  @Test
  void reportsSyntaxErrorsToo() {
    assertThatThrownBy(() -> parse(".:53 {\n errors\n"))
        .isInstanceOf(CorefileException.class)
        .hasMessage("Corefile:1: '{' is never closed (expected '}' before the end of the file)")
        .extracting(e -> ((CorefileException) e).location())
        .isEqualTo(new Location(FILE, 1));
  }

  @Test
  void ignoresAByteOrderMark() {
    assertThat(parse("\uFEFF.:53 {\n errors\n}").servers()).hasSize(1);
  }

  // --- expected values ---

  /** The upstream Corefile's block: the same directives in each, health in the first only. */
  private static ServerConfig server(
      String zone,
      Location location,
      BindConfig bind,
      CacheConfig cache,
      ForwardConfig forward,
      Optional<HealthConfig> health) {
    List<Record> configs =
        new ArrayList<>(
            List.of(
                new ReloadConfig(ReloadConfig.DEFAULT_INTERVAL, ReloadConfig.DEFAULT_JITTER),
                bind,
                new PrometheusConfig(new InetSocketAddress(9253)),
                new ErrorsConfig(),
                cache,
                new LoopConfig(),
                forward));
    health.ifPresent(configs::add);
    return new ServerConfig(List.of(zone), 53, location, inChainOrder(configs));
  }

  /** {@code configs} with their plugins, in the registry's order. */
  private static List<Configured<?>> inChainOrder(List<Record> configs) {
    return Plugins.STANDARD.all().stream()
        .flatMap(
            plugin ->
                configs.stream()
                    .filter(c -> c.getClass() == plugin.configType())
                    .<Configured<?>>map(c -> configured(plugin, c)))
        .toList();
  }

  private static <C extends Record> Configured<C> configured(Plugin<C> plugin, Record config) {
    return new Configured<>(plugin, plugin.configType().cast(config));
  }

  private static ForwardConfig forward(List<InetSocketAddress> upstreams, boolean forceTcp) {
    return new ForwardConfig(
        ".",
        upstreams,
        List.of(),
        forceTcp,
        false,
        Policy.RANDOM,
        ForwardConfig.DEFAULT_MAX_FAILS,
        ForwardConfig.DEFAULT_HEALTH_CHECK,
        ForwardConfig.DEFAULT_EXPIRE,
        ForwardSetup.DEFAULT_MAX_CONCURRENT,
        ForwardConfig.HealthProbe.DEFAULT);
  }

  private static Tier tier(Duration maxTtl) {
    return new Tier(CacheConfig.DEFAULT_CAPACITY, maxTtl, CacheConfig.DEFAULT_MIN_TTL, List.of());
  }

  private static CacheConfig cache(String zone, Tier success, Tier denial) {
    return new CacheConfig(
        List.of(zone),
        success,
        denial,
        Optional.empty(),
        Optional.empty(),
        CacheConfig.DEFAULT_SERVFAIL_TTL,
        false);
  }

  private static CacheConfig cache30(String zone) {
    return cache(zone, tier(Duration.ofSeconds(30)), tier(Duration.ofSeconds(30)));
  }
}
