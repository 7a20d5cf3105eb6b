package io.nodelocaldns.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import io.nodelocaldns.runtime.log.LogConfig.ResponseClass;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogSetupTest {
  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("log", new LogConfig(List.of("."), Set.of(ResponseClass.ALL))),
        Arguments.of(
            "log Example.ORG cluster.local",
            new LogConfig(List.of("example.org.", "cluster.local."), Set.of(ResponseClass.ALL))),
        Arguments.of("log . {common}", new LogConfig(List.of("."), Set.of(ResponseClass.ALL))),
        Arguments.of(
            "log {\n class denial error\n}",
            new LogConfig(List.of("."), Set.of(ResponseClass.DENIAL, ResponseClass.ERROR))),
        Arguments.of(
            "log example.org {\n class success\n class ERROR\n}",
            new LogConfig(
                List.of("example.org."), Set.of(ResponseClass.SUCCESS, ResponseClass.ERROR))),
        Arguments.of(
            "log { class denial all }", new LogConfig(List.of("."), Set.of(ResponseClass.ALL))));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void readsValidSnippet(String snippet, LogConfig expected) {
    assertThat(LogSetup.parse(Snippets.directive(snippet))).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "log . \"{remote} - {type} {name}\"",
            "Corefile:1: log: custom log formats are not supported (only the common format), got"
                + " \"{remote} - {type} {name}\""),
        Arguments.of(
            "log . {combined}",
            "Corefile:1: log: custom log formats are not supported (only the common format), got"
                + " \"{combined}\""),
        Arguments.of(
            "log {\n class\n}",
            "Corefile:2: log: class: expected at least 1 argument"
                + " (class all|success|denial|error...), got none"),
        Arguments.of(
            "log { class noerror }",
            "Corefile:1: log: class: class must be one of all, success, denial, error, got"
                + " \"noerror\""),
        Arguments.of(
            "log { format json }",
            "Corefile:1: log: unknown option \"format\" (expected one of: class)"),
        Arguments.of(
            "log a..b",
            "Corefile:1: log: expected a domain name such as cluster.local or ., got \"a..b\""
                + " ('a..b.': invalid empty label)"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsInvalidSnippet(String snippet, String message) {
    assertThatThrownBy(() -> LogSetup.parse(Snippets.directive(snippet)))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }
}
