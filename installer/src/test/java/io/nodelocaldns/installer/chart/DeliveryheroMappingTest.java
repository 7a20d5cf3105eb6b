package io.nodelocaldns.installer.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * charts/README.md's table "From the deliveryhero chart", which {@code node-local-dns migrate}
 * implements: every value of that chart has a row, and every key of ours a row names is a value of
 * this chart (values.schema.json).
 */
class DeliveryheroMappingTest {
  /**
   * Every value of deliveryhero's stable/node-local-dns 2.9.2 (its values.yaml), as the table names
   * them.
   */
  static final Set<String> DELIVERYHERO_VALUES =
      Set.of(
          "image.repository",
          "image.tag",
          "config.dnsDomain",
          "config.dnsServer",
          "config.localDns",
          "config.customUpstreamsvc",
          "config.upstreamServiceSelector",
          "config.bindIp",
          "config.commProtocol",
          "config.enableLogging",
          "config.noIPv6Lookups",
          "config.cacheTTL",
          "config.prefetch.enabled",
          "config.prefetch.amount",
          "config.prefetch.duration",
          "config.prefetch.percentage",
          "config.serveStale.enabled",
          "config.serveStale.duration",
          "config.serveStale.mode",
          "config.healthPort",
          "config.setupInterface",
          "config.setupIptables",
          "config.skipTeardown",
          "config.extraServerBlocks",
          "config.customConfig",
          "config.port.number",
          "config.port.tcp",
          "config.port.udp",
          "config.upstreamServers",
          "config.upstreamForwardConfig",
          "nameOverride",
          "fullnameOverride",
          "serviceAccount.create",
          "serviceAccount.annotations",
          "serviceAccount.name",
          "service.annotations",
          "podAnnotations",
          "podLabels",
          "configMapAnnotations",
          "configMapLabels",
          "daemonsetAnnotations",
          "daemonsetLabels",
          "updateStrategy",
          "initContainers",
          "securityContext",
          "serviceMonitor.enabled",
          "serviceMonitor.labels",
          "serviceMonitor.path",
          "serviceMonitor.honorLabels",
          "serviceMonitor.interval",
          "serviceMonitor.scrapeTimeout",
          "serviceMonitor.metricRelabelings",
          "serviceMonitor.relabelings",
          "serviceMonitor.namePrefix",
          "serviceMonitor.prometheusNamespace",
          "dashboard.enabled",
          "dashboard.namespace",
          "dashboard.label",
          "dashboard.annotations",
          "resources",
          "lifecycle",
          "resizePolicy",
          "affinity",
          "imagePullSecrets",
          "prometheusScraping.enabled",
          "tolerations");

  private static final Pattern KEY =
      Pattern.compile("`([A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)*)`");

  private static List<Row> rows;
  private static JsonNode schema;

  record Row(List<String> theirs, List<String> ours, boolean absent, String transformation) {}

  @BeforeAll
  static void read() throws IOException {
    String readme = Files.readString(TestChart.DIRECTORY.resolveSibling("README.md"));
    int start = readme.indexOf("## From the deliveryhero chart");
    assertThat(start).as("the section in charts/README.md").isNotNegative();
    String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
    rows = new ArrayList<>();
    for (String line : section.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      // cells split on | not escaped as \|
      String[] cells = line.substring(1).split("(?<!\\\\)\\|");
      assertThat(cells).as(line).hasSizeGreaterThanOrEqualTo(3);
      rows.add(
          new Row(
              keys(cells[0]),
              keys(cells[1]),
              cells[1].strip().equals("*absent*"),
              cells[2].strip()));
    }
    schema =
        new ObjectMapper().readTree(TestChart.DIRECTORY.resolve("values.schema.json").toFile());
  }

  /** The keys a cell names, not counting what is in parentheses (defaults, remarks). */
  private static List<String> keys(String cell) {
    String withoutRemarks = cell.replaceAll("\\([^()]*(\\([^()]*\\)[^()]*)*\\)", "");
    List<String> keys = new ArrayList<>();
    Matcher m = KEY.matcher(withoutRemarks);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  @Test
  void everyDeliveryheroValueHasExactlyOneRow() {
    List<String> named = rows.stream().flatMap(r -> r.theirs().stream()).toList();

    assertThat(named).doesNotHaveDuplicates();
    assertThat(new LinkedHashSet<>(named)).containsExactlyInAnyOrderElementsOf(DELIVERYHERO_VALUES);
  }

  @Test
  void everyKeyOfOursTheTableNamesIsAValueOfThisChart() {
    for (Row row : rows) {
      for (String key : row.ours()) {
        JsonNode node = schema;
        for (String part : key.split("\\.")) {
          node = node.path("properties").path(part);
        }
        assertThat(node.isMissingNode())
            .as("%s (row %s) in values.schema.json", key, row.theirs())
            .isFalse();
      }
    }
  }

  @Test
  void everyRowSaysWhatHappensAndAnAbsentValueWhy() {
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.transformation()).as("%s", row.theirs()).isNotBlank();
              assertThat(row.absent() || !row.ours().isEmpty()).as("%s", row.theirs()).isTrue();
            });
    assertThat(rows.stream().filter(Row::absent).flatMap(r -> r.theirs().stream()))
        .containsExactlyInAnyOrder(
            "image.repository",
            "image.tag",
            "config.setupIptables",
            "config.port.number",
            "config.port.tcp",
            "config.port.udp",
            "nameOverride",
            "fullnameOverride",
            "serviceMonitor.namePrefix");
  }
}
