package io.nodelocaldns.e2e.community;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The community Corefiles under {@code src/test/resources/community/} (see its README): the
 * NodeLocal DNS Corefiles of charts, manifests and managed services, as each would be deployed. A
 * fixture is named by its path below {@code community/}, e.g. {@code
 * deliveryhero/defaults/Corefile.base}.
 */
public final class CommunityFixtures {
  static final String ROOT = "/community/";

  private CommunityFixtures() {}

  /** A fixture's text. */
  public static String read(String path) {
    try (InputStream in = CommunityFixtures.class.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no community fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every Corefile among the fixtures ({@code Corefile} or {@code Corefile.base}), by path, sorted:
   * the test resources are a directory when tests run.
   */
  public static List<String> corefiles() {
    URL root = CommunityFixtures.class.getResource(ROOT);
    if (root == null) {
      throw new IllegalStateException("the community fixtures are not on the class path");
    }
    try {
      Path dir = Path.of(root.toURI());
      try (Stream<Path> files = Files.walk(dir)) {
        return files
            .filter(Files::isRegularFile)
            .filter(f -> f.getFileName().toString().matches("Corefile(\\.base)?"))
            .map(f -> dir.relativize(f).toString().replace('\\', '/'))
            .sorted()
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
