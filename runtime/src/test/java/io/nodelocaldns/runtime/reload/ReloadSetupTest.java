package io.nodelocaldns.runtime.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Durations;
import io.nodelocaldns.runtime.corefile.Snippets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReloadSetupTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "reload | 30s | 15s",
        "reload 1m | 1m | 15s",
        "reload 10s 2s | 10s | 2s",
        // a jitter over half the interval is lowered to half, as CoreDNS does
        "reload 10s | 10s | 5s",
        "reload 2s | 2s | 1s",
        "reload 1m 45s | 1m | 30s"
      })
  void readsValidSnippet(String snippet, String interval, String jitter) {
    assertThat(ReloadSetup.parse(Snippets.directive(snippet)))
        .isEqualTo(new ReloadConfig(Durations.parse(interval), Durations.parse(jitter)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "reload 1s | Corefile:1: reload: interval must be at least 2s, got \"1s\"",
        "reload 30 | Corefile:1: reload: interval must be a duration such as 30s, 1m or 1h30m, got"
            + " \"30\"",
        "reload 30s 500ms | Corefile:1: reload: jitter must be at least 1s, got \"500ms\"",
        "reload 30s 15s 1s | Corefile:1: reload: expected at most 2 arguments (reload [INTERVAL]"
            + " [JITTER]), got 3: \"30s 15s 1s\""
      })
  void rejectsInvalidSnippet(String snippet, String message) {
    assertThatThrownBy(() -> ReloadSetup.parse(Snippets.directive(snippet)))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }
}
