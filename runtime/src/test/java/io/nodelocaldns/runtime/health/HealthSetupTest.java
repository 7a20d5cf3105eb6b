package io.nodelocaldns.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthSetupTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "health | 0.0.0.0 | 8080 | 0s",
        "health 169.254.20.10:8080 | 169.254.20.10 | 8080 | 0s",
        "health :8081 {\\n lameduck 5s\\n} | 0.0.0.0 | 8081 | 5s",
        "health { lameduck 1m30s } | 0.0.0.0 | 8080 | 1m30s",
        "health [fd00::10]:8080 | fd00:0:0:0:0:0:0:10 | 8080 | 0s"
      })
  void readsValidSnippet(String snippet, String ip, int port, String lameduck) {
    HealthConfig health = HealthSetup.parse(Snippets.directive(snippet.replace("\\n", "\n")));
    assertThat(health.address().getAddress().getHostAddress()).isEqualTo(ip);
    assertThat(health.address().getPort()).isEqualTo(port);
    assertThat(health.lameduck()).isEqualTo(Duration.parse("PT" + lameduck.toUpperCase()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "health 8080 | Corefile:1: health: expected [IP]:PORT such as :9153, 127.0.0.1:9153 or"
            + " [::1]:9153, got \"8080\"",
        "health {\\n lameduck\\n} | Corefile:2: health: lameduck: expected 1 argument (lameduck"
            + " DURATION), got none",
        "health { lameduck 5 } | Corefile:1: health: lameduck: duration must be a duration such as"
            + " 30s, 1m or 1h30m, got \"5\"",
        "health { lameduck -5s } | Corefile:1: health: lameduck: duration must be at least 0s, got"
            + " \"-5s\"",
        "health { drain 5s } | Corefile:1: health: unknown option \"drain\" (expected one of:"
            + " lameduck)"
      })
  void rejectsInvalidSnippet(String snippet, String message) {
    assertThatThrownBy(() -> HealthSetup.parse(Snippets.directive(snippet.replace("\\n", "\n"))))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }

  /**
   * The upstream manifest's {@code health __PILLAR__LOCAL__DNS__:8080} after a sed that put both
   * families' addresses in the pillar: refused, saying what to write instead.
   */
  @Test
  void aPillarFilledWithTwoFamiliesSaysWhatToWrite() {
    assertThatThrownBy(
            () -> HealthSetup.parse(Snippets.directive("health 169.254.20.10 fd00::10:8080")))
        .isInstanceOf(CorefileException.class)
        .hasMessageContaining("health: takes one address, got 2")
        .hasMessageContaining("[fd00::10]:8080")
        .hasMessageContaining("__PILLAR__LOCAL__DNS__");
  }
}
