package io.nodelocaldns.installer.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The chart of this checkout, rendered as the tests need it. */
final class TestChart {
  /** The kube-dns ClusterIP of a kubeadm or Kind cluster. */
  static final String KUBE_DNS_IP = "10.96.0.10";

  static final String LOCAL_IP = "169.254.20.10";

  /** Surefire runs in the module's directory, {@code installer/}. */
  static final Path DIRECTORY = Path.of("..", "charts", HelmChart.NAME);

  static final HelmChart CHART = HelmChart.at(DIRECTORY);

  private TestChart() {}

  /** {@code helm template} with kubeDNS.ip set and these {@code key=value} pairs on top. */
  static Rendered render(String... sets) {
    return Rendered.of(renderText(values(sets)));
  }

  /**
   * {@code helm template} with kubeDNS.ip set, these values (YAML, as in a values file) and these
   * {@code key=value} pairs on top.
   */
  static Rendered renderYaml(String valuesYaml, String... sets) {
    return Rendered.of(renderYamlText(valuesYaml, sets));
  }

  /** What {@link #renderYaml} renders, as Helm's YAML text. */
  static String renderYamlText(String valuesYaml, String... sets) {
    try {
      Path file = Files.createTempFile("node-local-dns-values", ".yaml");
      try {
        Files.writeString(file, valuesYaml);
        return renderText(values(sets).withFile(file));
      } finally {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The YAML Helm renders, release node-local-dns in kube-system. */
  static String renderText(ChartValues values) {
    return CHART.template(HelmChart.NAME, "kube-system", values);
  }

  /** kubeDNS.ip, then these {@code key=value} pairs. */
  static ChartValues values(String... sets) {
    ChartValues values = ChartValues.defaults().withSet("kubeDNS.ip", KUBE_DNS_IP);
    for (String set : sets) {
      int eq = set.indexOf('=');
      values = values.withSet(set.substring(0, eq), set.substring(eq + 1));
    }
    return values;
  }
}
