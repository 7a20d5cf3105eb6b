package io.nodelocaldns.installer.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows of the deliveryhero table that transform a value rather than carry it. */
class DeliveryheroRulesTest {
  /** The chart's own defaults: what a migrated value equal to them need not repeat. */
  private static final Map<String, Object> OUR_DEFAULTS = chartDefaults();

  private static Map<String, Object> chartDefaults() {
    try {
      return Yaml.readMap(
          Files.readString(Path.of("..", "charts", "node-local-dns", "values.yaml")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Migration migrate(String yaml) {
    return DeliveryheroValues.migrate(Yaml.readMap(yaml), OUR_DEFAULTS);
  }

  private static Object value(Migration m, String key) {
    return Migration.find(m.values(), key).orElse(null);
  }

  @Test
  void aCustomConfigGetsOurValueNamesAndAReadyLineAfterHealth() {
    Migration m =
        migrate(
            """
            config:
              customConfig: |
                {{ .Values.config.dnsDomain }}:53 {
                    bind {{ .Values.config.localDns }}
                    forward . /etc/resolv.conf
                    health {{ .Values.config.localDns }}:{{ .Values.config.healthPort }}
                }
            """);

    assertThat(value(m, "customConfig"))
        .isEqualTo(
            """
            {{ .Values.clusterDomain }}:53 {
                bind {{ .Values.localIP }}
                forward . /etc/resolv.conf
                health {{ .Values.localIP }}:{{ .Values.healthPort }}
                ready {{ .Values.localIP }}:{{ .Values.readyPort }}
            }
            """);
  }

  @Test
  void aCustomConfigNamingAValueWeDoNotHaveStops() {
    Migration m =
        migrate("config:\n  customConfig: \"forward . {{ .Values.config.upstreamServers }}\"\n");

    assertThat(value(m, "customConfig")).isNull();
    assertThat(m.lines())
        .anyMatch(
            l ->
                l.startsWith("stopped: config.customConfig")
                    && l.contains(".Values.config.upstreamServers"));
  }

  @Test
  void aSecurityContextKeepsTheAgentsCapabilitiesFirst() {
    Migration m =
        migrate(
            "securityContext:\n  capabilities:\n    add: [NET_ADMIN, SYS_TIME]\n  runAsUser: 0\n");

    assertThat(value(m, "securityContext"))
        .isEqualTo(
            Map.of(
                "capabilities",
                Map.of("add", List.of("NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW", "SYS_TIME")),
                "runAsUser",
                0));
  }

  @Test
  void aSecurityContextOfOnlyOurCapabilitiesLeavesOursAlone() {
    Migration m = migrate("securityContext:\n  capabilities:\n    add: [NET_ADMIN, NET_RAW]\n");

    assertThat(value(m, "securityContext")).isNull();
  }

  @Test
  void anUpdateStrategyWithoutMaxSurgeGetsZeroSoHelmDoesNotMergeOurs() {
    Migration m = migrate("updateStrategy:\n  rollingUpdate:\n    maxUnavailable: 1\n");

    assertThat(value(m, "updateStrategy"))
        .isEqualTo(
            Map.of(
                "type",
                "RollingUpdate",
                "rollingUpdate",
                Map.of("maxUnavailable", 1, "maxSurge", 0)));
  }

  @Test
  void skipTeardownAndNoInterfaceBecomeAgentFlags() {
    Migration m = migrate("config:\n  skipTeardown: true\n  setupInterface: false\n");

    assertThat(value(m, "extraArgs"))
        .isEqualTo(List.of("-setupinterface=false", "-skipteardown=true"));
  }

  @Test
  void noIptablesSetUpStops() {
    Migration m = migrate("config:\n  setupIptables: false\n");

    assertThat(m.lines()).anyMatch(l -> l.startsWith("stopped: config.setupIptables false"));
  }

  @Test
  void extraBlocksBesideACustomConfigAreDroppedAsTheirsIgnoresThem() {
    Migration m =
        migrate(
            "config:\n  customConfig: |\n    .:53 {\n      health :8080\n      ready :8181\n    }\n"
                + "  extraServerBlocks: \"corp:53 {\\n}\"\n");

    assertThat(value(m, "extraServerBlocks")).isNull();
    assertThat(m.lines()).anyMatch(l -> l.startsWith("dropped: config.extraServerBlocks"));
  }

  @Test
  void upstreamServersThatAreNotAddressesStop() {
    Migration m = migrate("config:\n  upstreamServers: /etc/resolv.conf\n");

    assertThat(value(m, "upstream")).isNull();
    assertThat(m.lines()).anyMatch(l -> l.startsWith("stopped: config.upstreamServers"));
  }

  @Test
  void aCustomDashboardLabelReplacesOurs() {
    Migration m = migrate("dashboard:\n  label: my_dashboards\n");

    Map<String, Object> labels = Yaml.cast((Map<?, ?>) value(m, "dashboard.labels"));
    assertThat(labels).containsEntry("my_dashboards", "1").containsEntry("grafana_dashboard", null);
  }
}
