package io.nodelocaldns.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing the installer ships turns TLS verification off: a kubeconfig with {@code
 * insecure-skip-tls-verify} (or a fabric8 client that trusts every certificate) is for the tests'
 * mock API servers, and lives in test code ({@code fixtures.TestKubeconfig}).
 */
class NoInsecureTlsInMainCodeTest {
  /** Surefire runs in the module's directory, {@code installer/}. */
  private static final Path MAIN = Path.of("src", "main");

  @Test
  void mainCodeNeverSkipsTlsVerification() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(MAIN)) {
      sources = files.filter(Files::isRegularFile).toList();
    }
    assertThat(sources).as("files under %s", MAIN.toAbsolutePath()).isNotEmpty();

    for (Path source : sources) {
      String text = new String(Files.readAllBytes(source), StandardCharsets.ISO_8859_1);
      assertThat(text)
          .as("%s", source)
          .doesNotContainIgnoringCase("insecure-skip-tls-verify")
          .doesNotContainIgnoringCase("insecureSkipTlsVerify")
          .doesNotContain("withTrustCerts(true)");
    }
  }
}
