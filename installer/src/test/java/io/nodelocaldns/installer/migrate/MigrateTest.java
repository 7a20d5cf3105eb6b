package io.nodelocaldns.installer.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.nodelocaldns.installer.chart.ChartValues;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.fixtures.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code migrate}: their settings in, this chart's values out (stdout, pure YAML), one line per
 * setting on stderr; the values render a Corefile that behaves as theirs.
 */
class MigrateTest {
  private static final Path RESOURCES = Path.of("src/test/resources/migrate");
  private static final Path THEIR_CHART = RESOURCES.resolve("deliveryhero-chart");
  private static final Path THEIR_DEFAULTS = THEIR_CHART.resolve("values.yaml");
  private static final Path RICH = RESOURCES.resolve("deliveryhero-rich.yaml");

  @TempDir Path path;

  private TestCli.Run run(String... args) {
    // a server that is never started: migrate and an offline render need no cluster
    return new TestCli(new KubernetesMockServer(), null, path).run(args);
  }

  private Path write(String name, String text) throws Exception {
    Path file = path.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** render --values OURS with the offline flags, as the migration's user would. */
  private TestCli.Run renderMigrated(TestCli.Run migrated, String... flags) throws Exception {
    Path values = write("ours.yaml", migrated.out());
    List<String> args = new ArrayList<>(List.of("render", "--values", values.toString()));
    args.addAll(List.of(flags));
    args.addAll(List.of("--mode", "iptables", "--cluster", "generic"));
    return run(args.toArray(String[]::new));
  }

  private static String corefile(String manifests) {
    return HelmChart.documents(manifests).stream()
        .map(doc -> new YAMLMapper().readTree(doc))
        .filter(n -> n != null && n.path("kind").asString().equals("ConfigMap"))
        .map(n -> n.path("data").path("Corefile"))
        .filter(JsonNode::isString)
        .map(JsonNode::asString)
        .findFirst()
        .orElseThrow();
  }

  private static String theirCorefile(Path values) {
    return corefile(
        HelmChart.at(THEIR_CHART)
            .template("node-local-dns", "kube-system", ChartValues.defaults().withFile(values)));
  }

  private static JsonNode yaml(String text) {
    return new YAMLMapper().readTree(text);
  }

  /** Whether the chart in hand has the values that cover deliveryhero's (the chart's new ones). */
  private static void assertSameBehaviour(String theirs, String ours) {
    CorefileBehaviour their = CorefileBehaviour.of(theirs);
    CorefileBehaviour our = CorefileBehaviour.of(ours);
    assertThat(our.blocks().keySet()).containsExactlyElementsOf(their.blocks().keySet());
    for (String zone : their.blocks().keySet()) {
      assertThat(our.withoutLog(zone)).as(zone).isEqualTo(their.withoutLog(zone));
      if (their.blocks().get(zone).log()) {
        assertThat(our.blocks().get(zone).log()).as(zone + " logs").isTrue();
      }
    }
  }

  @Test
  void deliveryheroDefaultsBecomeValuesThatRenderTheirCorefile() throws Exception {
    TestCli.Run migrated =
        run("migrate", "--from", "deliveryhero", "--values", THEIR_DEFAULTS.toString());

    assertThat(migrated.exit()).as(migrated.err()).isZero();
    assertThat(yaml(migrated.out()).path("localIP").asString()).isEqualTo("169.254.20.25");
    assertThat(yaml(migrated.out()).path("kubeDNS").path("ip").asString()).isEqualTo("172.20.0.10");

    TestCli.Run rendered =
        renderMigrated(
            migrated, "--kube-dns-ip", "10.96.0.10", "--cluster-domain", "cluster.local");
    assertThat(rendered.exit()).as(rendered.err()).isZero();
    assertSameBehaviour(theirCorefile(THEIR_DEFAULTS), corefile(rendered.out()));
    assertThat(rendered.out()).contains("169.254.20.25,10.96.0.10");
    assertThat(rendered.err()).contains("note: --kube-dns-ip 10.96.0.10 wins over --values");
  }

  @Test
  void everyValueOfTheirsGetsOneLineOnStderrAndNothingElseGoesThere() {
    TestCli.Run migrated = run("migrate", "--from", "deliveryhero", THEIR_DEFAULTS.toString());

    assertThat(migrated.exit()).isZero();
    List<String> lines = migrated.err().lines().toList();
    assertThat(lines)
        .allMatch(l -> l.matches("migrate: (carried|changed|dropped|stopped|unknown|note): +.*"));
    assertThat(lines)
        .anyMatch(
            l -> l.startsWith("migrate: carried: config.localDns \"169.254.20.25\" -> localIP"))
        .anyMatch(l -> l.startsWith("migrate: dropped: config.setupIptables true: "))
        .anyMatch(l -> l.startsWith("migrate: dropped: resources "))
        .anyMatch(
            l -> l.startsWith("migrate: carried: config.dnsServer \"172.20.0.10\" -> kubeDNS.ip"))
        .noneMatch(l -> l.startsWith("migrate: unknown:"));
    for (String key :
        List.of(
            "config.cacheTTL",
            "config.prefetch.amount",
            "config.serveStale.mode",
            "config.healthPort",
            "config.upstreamForwardConfig",
            "serviceMonitor.labels",
            "tolerations",
            "updateStrategy")) {
      assertThat(lines).as(key).anyMatch(l -> l.contains(": " + key + " "));
    }
  }

  @Test
  void aRichFileCarriesNumbersResourcesLabelsAndOptionTextExactly() {
    TestCli.Run migrated = run("migrate", "--from", "deliveryhero", "--values", RICH.toString());

    assertThat(migrated.exit()).as(migrated.err()).isZero();
    JsonNode ours = yaml(migrated.out());
    assertThat(ours.path("cache").path("prefetch").toString())
        .isEqualTo("{\"enabled\":true,\"amount\":5,\"duration\":\"1m\",\"percentage\":\"15%\"}");
    assertThat(ours.path("cache").path("serveStale").toString())
        .isEqualTo("{\"enabled\":true,\"duration\":\"2h\",\"mode\":\"immediate\"}");
    assertThat(ours.path("cache").path("reverse").path("ttl").asInt()).isEqualTo(45);
    assertThat(ours.path("cache").path("external").path("ttl").asInt()).isEqualTo(45);
    assertThat(ours.path("resources").toString())
        .isEqualTo(
            "{\"requests\":{\"cpu\":\"50m\",\"memory\":\"200Mi\"},\"limits\":{\"memory\":\"256Mi\"}}");
    assertThat(ours.path("metrics").path("serviceMonitor").path("labels").toString())
        .isEqualTo("{\"release\":\"kube-prometheus-stack\"}");
    assertThat(ours.path("metrics").path("serviceMonitor").path("namespace").asString())
        .isEqualTo("monitoring");
    assertThat(ours.path("metrics").path("scrapeAnnotations").asBoolean(true)).isFalse();
    assertThat(ours.path("podAnnotations").toString()).isEqualTo("{\"team\":\"dns\"}");
    assertThat(ours.path("daemonSetLabels").toString()).isEqualTo("{\"component\":\"cache\"}");
    assertThat(ours.path("serviceAccount").path("annotations").toString()).contains("role/nld");
    assertThat(ours.path("upstream").path("servers").toString())
        .isEqualTo("[\"1.1.1.1\",\"8.8.8.8:5353\"]");
    assertThat(ours.path("upstream").path("forwardOptions").toString())
        .isEqualTo("[\"max_concurrent 1000\",\"policy sequential\",\"health_check 5s\"]");
    assertThat(ours.path("forceTCP").asBoolean(true)).isFalse();
    assertThat(ours.path("preferUDP").asBoolean()).isTrue();
    assertThat(ours.path("noIPv6Lookups").asBoolean()).isTrue();
    assertThat(ours.path("logQueries").asBoolean()).isTrue();
    assertThat(ours.path("healthPort").asInt()).isEqualTo(8090);
    assertThat(ours.path("upstreamService").toString())
        .isEqualTo(
            "{\"create\":false,\"name\":\"coredns-upstream\",\"selector\":{\"k8s-app\":\"coredns\"}}");
    assertThat(ours.path("extraServerBlocks").asString()).startsWith("corp.example:53 {\n");
    assertThat(ours.path("kubeDNS").path("ip").asString()).isEqualTo("10.100.0.10");
    assertThat(ours.path("clusterDomain").asString()).isEqualTo("cluster.example");
    assertThat(ours.path("extraArgs").toString()).isEqualTo("[\"-skipteardown=true\"]");
  }

  @Test
  void aRichFileRendersACorefileThatBehavesAsTheirs() throws Exception {
    TestCli.Run migrated = run("migrate", "--from", "deliveryhero", "--values", RICH.toString());

    TestCli.Run rendered = renderMigrated(migrated);

    assertThat(rendered.exit()).as(rendered.err()).isZero();
    assertSameBehaviour(theirCorefile(RICH), corefile(rendered.out()));
  }

  @Test
  void unknownKeysAreReportedAndAreNotFatal() {
    TestCli.Run migrated = run("migrate", "--from", "deliveryhero", "--values", RICH.toString());

    assertThat(migrated.exit()).isZero();
    assertThat(migrated.err())
        .contains("migrate: unknown: somethingElse true: not a value of deliveryhero's chart")
        .contains("migrate: unknown: config.typo 1: not a value of deliveryhero's chart");
    assertThat(migrated.out()).doesNotContain("somethingElse").doesNotContain("typo");
  }

  @Test
  void upstreamForwardConfigAsAMapBecomesTheLinesTheirChartWrites() throws Exception {
    Path values =
        write(
            "map.yaml",
            "config:\n  upstreamForwardConfig:\n    b: policy sequential\n    a: max_concurrent 1000\n"
                + "    max_fails: 3\n");

    TestCli.Run migrated = run("migrate", "--from", "deliveryhero", "--values", values.toString());

    assertThat(migrated.exit()).as(migrated.err()).isZero();
    assertThat(yaml(migrated.out()).path("upstream").path("forwardOptions").toString())
        .isEqualTo("[\"max_concurrent 1000\",\"policy sequential\",\"max_fails 3\"]");
    assertThat(migrated.err()).contains("max_fails: their chart writes only the value (\"3\")");
  }

  @Test
  void theUpstreamManifestAsPublishedNeedsNoValues() throws Exception {
    TestCli.Run migrated =
        run(
            "migrate",
            "--from",
            "manifest",
            RESOURCES.resolve("upstream/nodelocaldns.yaml").toString());

    assertThat(migrated.exit()).as(migrated.err()).isZero();
    assertThat(migrated.out().lines().filter(l -> !l.startsWith("#")).toList())
        .containsExactly("{}");
    assertThat(migrated.err())
        .contains(
            "migrate: changed: DaemonSet -localip \"__PILLAR__LOCAL__DNS__,__PILLAR__DNS__SERVER__\" -> mode \"iptables\" (the chart's default: not written)")
        .contains("migrate: dropped: DaemonSet resources ");
    Path values = write("ours.yaml", migrated.out());
    TestCli.Run rendered =
        run(
            "render",
            "--values",
            values.toString(),
            "--kube-dns-ip",
            "10.96.0.10",
            "--cluster-domain",
            "cluster.local",
            "--mode",
            "iptables",
            "--cluster",
            "generic");
    assertThat(rendered.exit()).as(rendered.err()).isZero();
  }

  @Test
  void anEditedManifestKeepsItsZonesTtlsAndOptions() throws Exception {
    TestCli.Run migrated =
        run(
            "migrate",
            "--from",
            "manifest",
            RESOURCES.resolve("upstream/nodelocaldns-edited.yaml").toString());

    assertThat(migrated.exit()).as(migrated.err()).isZero();
    JsonNode ours = yaml(migrated.out());
    assertThat(ours.path("kubeDNS").path("ip").asString()).isEqualTo("10.96.0.10");
    assertThat(ours.has("mode")).isFalse(); // iptables, the chart's default
    assertThat(ours.has("clusterDomain")).isFalse(); // cluster.local, the chart's default
    assertThat(ours.path("cache").path("prefetch").toString())
        .isEqualTo("{\"enabled\":true,\"amount\":3,\"duration\":\"30s\",\"percentage\":\"20%\"}");
    assertThat(ours.path("cache").path("serveStale").toString())
        .isEqualTo("{\"enabled\":true,\"duration\":\"1h\",\"mode\":\"verify\"}");
    assertThat(ours.path("cache").path("reverse").path("ttl").asInt()).isEqualTo(60);
    assertThat(ours.path("logQueries").asBoolean()).isTrue();
    assertThat(ours.path("noIPv6Lookups").asBoolean()).isTrue();
    assertThat(ours.path("healthPort").asInt()).isEqualTo(8081);
    assertThat(ours.path("upstream").path("servers").toString())
        .isEqualTo("[\"1.1.1.1\",\"8.8.8.8\"]");
    assertThat(ours.path("upstream").path("forwardOptions").toString())
        .isEqualTo("[\"max_concurrent 1000\",\"policy sequential\"]");
    assertThat(ours.path("stubZones").toString())
        .isEqualTo(
            "[{\"zone\":\"corp.example\",\"servers\":[\"10.0.0.53\"],\"forceTCP\":true,\"cacheTTL\":60}]");
    assertThat(ours.path("extraServerBlocks").asString())
        .startsWith("lab.example:53 {")
        .contains("hosts {");
    assertThat(ours.path("resources").toString())
        .isEqualTo(
            "{\"requests\":{\"cpu\":\"25m\",\"memory\":\"40Mi\"},\"limits\":{\"memory\":\"160Mi\"}}");
    assertThat(ours.has("localIP")).isFalse(); // 169.254.20.10, the chart's default
  }

  @Test
  void anEditedManifestRendersACorefileThatBehavesAsItsOwn() throws Exception {
    Path manifest = RESOURCES.resolve("upstream/nodelocaldns-edited.yaml");
    TestCli.Run migrated = run("migrate", "--from", "manifest", manifest.toString());

    TestCli.Run rendered = renderMigrated(migrated, "--cluster-domain", "cluster.local");

    assertThat(rendered.exit()).as(rendered.err()).isZero();
    String theirs =
        HelmChart.documents(Files.readString(manifest)).stream()
            .map(doc -> new YAMLMapper().readTree(doc))
            .filter(n -> n != null && n.path("kind").asString().equals("ConfigMap"))
            .map(n -> n.path("data").path("Corefile").asString())
            .findFirst()
            .orElseThrow()
            // their block for the cluster's reverse zones and . forward to kube-dns-upstream too
            .replace("forward . __PILLAR__CLUSTER__DNS__", "forward . __PILLAR__CLUSTER__DNS__");
    assertSameBehaviour(theirs, corefile(rendered.out()));
  }

  @Test
  void aBadSourceOrFileIsABadFlag() throws Exception {
    assertThat(run("migrate", "--from", "kops", THEIR_DEFAULTS.toString()).err())
        .isEqualTo("node-local-dns migrate: --from: \"kops\" is not deliveryhero or manifest\n");
    assertThat(run("migrate", "--from", "deliveryhero", "/nonexistent.yaml").exit()).isEqualTo(2);
    Path notYaml = write("bad.yaml", "a: [\n");
    assertThat(run("migrate", "--from", "deliveryhero", notYaml.toString()).exit()).isEqualTo(2);
    assertThat(run("migrate", "--from", "manifest", THEIR_DEFAULTS.toString()).err())
        .startsWith(
            "node-local-dns migrate: --values: \""
                + THEIR_DEFAULTS
                + "\" is not a NodeLocal DNSCache manifest");
  }

  @Test
  void aMemoryLimitBelowWhatTheAgentNeedsIsCarriedAndSaid() throws Exception {
    Path values =
        write("small.yaml", "resources:\n  requests:\n    cpu: 10m\n  limits:\n    memory: 96Mi\n");

    TestCli.Run migrated = run("migrate", "--from", "deliveryhero", "--values", values.toString());

    assertThat(migrated.exit()).isZero();
    assertThat(yaml(migrated.out()).path("resources").toString())
        .isEqualTo(
            "{\"requests\":{\"cpu\":\"10m\",\"memory\":\"128Mi\"},\"limits\":{\"memory\":\"96Mi\"}}");
    assertThat(migrated.err())
        .contains("migrate: note:    resources: the memory limit 96Mi is below");
    assertThat(run("migrate", "--from", "deliveryhero", RICH.toString()).err())
        .doesNotContain("memory limit");
  }

  @Test
  void aServiceMonitorWithoutTimingsSaysWhichTimingsThisChartSets() throws Exception {
    Path values = write("sm.yaml", "serviceMonitor:\n  enabled: true\n");

    TestCli.Run migrated = run("migrate", "--from", "deliveryhero", values.toString());

    assertThat(migrated.err())
        .contains(
            "migrate: note:    serviceMonitor.interval is not set: theirs leaves it to Prometheus'"
                + " default, this chart sets metrics.serviceMonitor.interval (30s)");
    assertThat(migrated.err()).contains("migrate: dropped: dashboard.namespace (their default)");
  }
}
