package io.nodelocaldns.installer.chart;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole render per cluster type and mode, against the files in {@code
 * src/test/resources/chart/golden}: any change to what the chart produces shows up as a diff.
 */
class GoldenRenderTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "generic, iptables",
    "generic, ipvs",
    "kind, iptables",
    "kind, ipvs",
    "eks, iptables",
    "eks, ipvs"
  })
  void renderMatchesGoldenFile(String profile, String mode) throws Exception {
    String yaml = TestChart.renderText(TestChart.values("profile=" + profile, "mode=" + mode));

    GoldenFile.assertMatches(profile + "-" + mode + ".yaml", yaml);
  }

  @Test
  void everyOptionalPartMatchesGoldenFile() throws Exception {
    ChartValues values =
        TestChart.values().withFile(Path.of("src/test/resources/chart/values-everything.yaml"));

    GoldenFile.assertMatches("everything.yaml", TestChart.renderText(values));
  }
}
