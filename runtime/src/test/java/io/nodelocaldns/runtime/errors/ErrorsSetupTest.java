package io.nodelocaldns.runtime.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorsSetupTest {
  @Test
  void takesNoArguments() {
    assertThat(ErrorsSetup.parse(Snippets.directive("errors"))).isEqualTo(new ErrorsConfig());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "errors stdout | Corefile:1: errors: expected no arguments, got \"stdout\"",
        "errors {\\n consolidate 5m \".*\"\\n} | Corefile:2: errors: unknown option \"consolidate\""
            + " (it takes no options)"
      })
  void rejectsArgumentsAndOptions(String snippet, String message) {
    assertThatThrownBy(() -> ErrorsSetup.parse(Snippets.directive(snippet.replace("\\n", "\n"))))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }
}
