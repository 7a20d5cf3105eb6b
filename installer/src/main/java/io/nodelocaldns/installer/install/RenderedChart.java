package io.nodelocaldns.installer.install;

import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.chart.ChartValues;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.chart.ValuesSchema;
import io.nodelocaldns.installer.values.BadValues;
import io.nodelocaldns.installer.values.ValuesResolver.Resolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The chart rendered with the computed values: what Helm is given and the manifests it yields. */
public record RenderedChart(ChartValues values, String manifests) {
  /**
   * Renders release {@value Installer#RELEASE} in {@code namespace}; bad values fail here, in one
   * line, before anything in the cluster changes.
   */
  public static RenderedChart render(HelmChart chart, String namespace, Resolution resolution) {
    ChartValues values =
        resolution.chartValues(
            writeValues(resolution.values().toYaml()),
            resolution.overlayYaml().map(RenderedChart::writeValues),
            resolution.flagsYaml().map(RenderedChart::writeValues));
    try {
      return new RenderedChart(values, chart.template(Installer.RELEASE, namespace, values));
    } catch (InstallerException e) {
      throw e;
    } catch (RuntimeException e) {
      BadValues.of(e.getMessage(), resolution.user(), ValuesSchema.of(chart.directory()))
          .ifPresent(
              bad -> {
                throw bad;
              });
      throw new InstallerException(
          "the chart does not render with these values: " + InstallerException.oneLine(e));
    }
  }

  /** A generated values file: temporary, deleted when the JVM exits. */
  private static Path writeValues(String yaml) {
    try {
      Path file = Files.createTempFile("node-local-dns-values", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new InstallerException("cannot write the generated values file: " + e.getMessage());
    }
  }
}
