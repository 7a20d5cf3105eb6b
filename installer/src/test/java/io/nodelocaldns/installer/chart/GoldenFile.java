package io.nodelocaldns.installer.chart;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Expected output kept under {@code src/test/resources/chart/golden}. Run the tests with {@code
 * -Dgolden.update=true} to write what the chart renders now instead of comparing; review the change
 * in git before committing it.
 */
final class GoldenFile {
  static final Path DIRECTORY = Path.of("src", "test", "resources", "chart", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  private GoldenFile() {}

  static void assertMatches(String name, String actual) throws IOException {
    Path file = DIRECTORY.resolve(name);
    if (UPDATE) {
      Files.createDirectories(DIRECTORY);
      Files.writeString(file, actual);
      return;
    }
    if (!Files.exists(file)) {
      fail("no golden file %s: run with -Dgolden.update=true to create it", file);
    }
    String expected = Files.readString(file);
    if (!expected.equals(actual)) {
      fail(
          "the render differs from %s (- golden, + now); if the change is intended, rerun with"
              + " -Dgolden.update=true and review the diff:%n%s",
          file, LineDiff.of(expected, actual));
    }
  }
}
