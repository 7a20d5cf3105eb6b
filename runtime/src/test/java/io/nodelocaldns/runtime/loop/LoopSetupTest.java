package io.nodelocaldns.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoopSetupTest {
  @Test
  void takesNoArguments() {
    assertThat(LoopSetup.parse(Snippets.directive("loop"))).isEqualTo(new LoopConfig());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "loop 3 | Corefile:1: loop: expected no arguments, got \"3\"",
        "loop { x } | Corefile:1: loop: takes no block, got \"x\" at line 1 inside { }"
      })
  void rejectsInvalidSnippet(String snippet, String message) {
    assertThatThrownBy(() -> LoopSetup.parse(Snippets.directive(snippet)))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }
}
