package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return RuntimeMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void pillarFlagsBecomePlaceholders() {
    assertThat(RuntimeMain.placeholders(List.of("LOCAL__DNS=169.254.20.10", "DNS__SERVER=10.96.0.10")))
        .isEqualTo(Map.of("__PILLAR__LOCAL__DNS__", "169.254.20.10", "__PILLAR__DNS__SERVER__", "10.96.0.10"));
    assertThatThrownBy(() -> RuntimeMain.placeholders(List.of("NOVALUE"))).hasMessageContaining("NAME=VALUE");
  }

  @Test
  void helpExplainsEveryFlag() {
    assertThat(run("-help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("-conf", "-pillar", "-version", "Exit codes");
  }

  @Test
  void badFlagsAreAUsageError() {
    assertThat(run("-pillar", "oops")).isEqualTo(RuntimeMain.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("NAME=VALUE").contains("-help");
  }

  @Test
  void missingCorefileIsAConfigError() {
    assertThat(run("-conf", "/nonexistent/Corefile")).isEqualTo(RuntimeMain.EXIT_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/Corefile");
  }
}
