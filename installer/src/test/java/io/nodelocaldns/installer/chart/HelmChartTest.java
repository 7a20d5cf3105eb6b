package io.nodelocaldns.installer.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelmChartTest {
  @Test
  void strictLintFindsNothingWrong() {
    LintResult result = TestChart.CHART.lint();

    assertThat(result.isFailed()).as("lint: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .as("only [INFO] messages (e.g. no icon)")
        .allMatch(message -> message.startsWith("[INFO]"));
  }

  @Test
  void bundledChartIsTheCheckoutsChartFromTheClassPath() {
    HelmChart bundled = HelmChart.bundled();

    assertThat(bundled.directory().resolve("values.schema.json")).isRegularFile();
    assertThat(bundled.directory().resolve("dashboards/node-local-dns.json")).isRegularFile();
    ChartValues values = TestChart.values("dashboard.enabled=true");
    assertThat(bundled.template(HelmChart.NAME, "kube-system", values))
        .isEqualTo(TestChart.renderText(values));
  }

  @Test
  void aDirectoryWithoutChartYamlIsRefused(@TempDir Path empty) {
    assertThatThrownBy(() -> HelmChart.at(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no Helm chart (Chart.yaml) in " + empty);
  }

  @Test
  void documentsAreSplitOnSeparatorsWithoutEmptyOnes() {
    String yaml = "---\n# Source: a.yaml\nkind: A\n---\n# only a comment\n---\nkind: B\n";

    assertThat(HelmChart.documents(yaml)).containsExactly("# Source: a.yaml\nkind: A", "kind: B");
  }

  @Test
  void setPairsWinOverValuesFilesAndLaterFilesOverEarlierOnes(@TempDir Path dir) throws Exception {
    Path ipvs = Files.writeString(dir.resolve("ipvs.yaml"), "mode: ipvs\nprofile: kind\n");
    Path eks = Files.writeString(dir.resolve("eks.yaml"), "profile: eks\n");
    ChartValues values =
        ChartValues.defaults()
            .withSet("mode", "iptables")
            .withFile(ipvs)
            .withFile(eks)
            .withSet("kubeDNS.ip", TestChart.KUBE_DNS_IP);

    Rendered r = Rendered.of(TestChart.renderText(values));

    assertThat(r.args()).containsSubsequence("--mode", "iptables", "--profile", "eks");
  }

  @Test
  void notesTellIpvsUsersToChangeTheKubelet() {
    String notes =
        TestChart.CHART.notes(HelmChart.NAME, "kube-system", TestChart.values("mode=ipvs"));

    assertThat(notes)
        .contains("ipvs mode")
        .contains("--cluster-dns=169.254.20.10")
        .contains("clusterDNS: [169.254.20.10]");
  }

  @Test
  void notesInIptablesModeNeedNoKubeletChange() {
    String notes = TestChart.CHART.notes(HelmChart.NAME, "kube-system", TestChart.values());

    assertThat(notes)
        .contains("iptables mode", "kube-dns ClusterIP 10.96.0.10")
        .doesNotContain("cluster-dns", "clusterDNS");
  }

  @Test
  void notesAreNotReachedOutsideKubeSystem() {
    // the render stops first (node-local-dns.namespace); WorkloadOptionsTest has the message
    assertThatThrownBy(() -> TestChart.CHART.notes(HelmChart.NAME, "dns", TestChart.values()))
        .hasMessageContaining("must be installed in kube-system");
  }
}
