package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image the build makes ({@code image.repository}:{@code image.tag} of the root POM) is the one
 * the chart deploys by default ({@code image.repository} of values.yaml, tag = appVersion of
 * Chart.yaml): bump both together.
 */
class ImageReferenceTest {
  static final String IMAGE_REFERENCE_PROPERTY = "nld.image.reference";
  private static final Path CHART = Path.of("../charts/node-local-dns");

  @Test
  void theBuiltImageIsTheOneTheChartDeploys() {
    assertThat(System.getProperty(IMAGE_REFERENCE_PROPERTY))
        .as("image.repository:image.tag of the root pom.xml (charts/node-local-dns)")
        .isEqualTo(chartImage());
  }

  /** {@code ghcr.io/node-local-dns/node-local-dns:<appVersion>}, from the chart's files. */
  static String chartImage() {
    List<String> values = lines(CHART.resolve("values.yaml"));
    int image = values.indexOf("image:");
    String repository =
        values.subList(image + 1, values.size()).stream()
            .filter(line -> line.startsWith("  repository:"))
            .findFirst()
            .map(line -> unquote(line.substring("  repository:".length())))
            .orElseThrow(() -> new AssertionError("no image.repository in values.yaml"));
    String appVersion =
        lines(CHART.resolve("Chart.yaml")).stream()
            .filter(line -> line.startsWith("appVersion:"))
            .findFirst()
            .map(line -> unquote(line.substring("appVersion:".length())))
            .orElseThrow(() -> new AssertionError("no appVersion in Chart.yaml"));
    return repository + ":" + appVersion;
  }

  private static String unquote(String value) {
    return value.strip().replace("\"", "");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
