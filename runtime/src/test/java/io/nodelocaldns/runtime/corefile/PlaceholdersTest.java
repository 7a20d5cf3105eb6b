package io.nodelocaldns.runtime.corefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlaceholdersTest {
  private static final Map<String, String> VALUES =
      Map.of(
          "__PILLAR__LOCAL__DNS__", "169.254.20.10",
          "__PILLAR__DNS__SERVER__", "10.96.0.10",
          "__PILLAR__UPSTREAM__SERVERS__", "10.0.0.2 10.0.0.3",
          "__PILLAR__EMPTY__", "");

  static Stream<Arguments> substitutions() {
    return Stream.of(
        Arguments.of(
            "bind __PILLAR__LOCAL__DNS__ __PILLAR__DNS__SERVER__", "bind 169.254.20.10 10.96.0.10"),
        Arguments.of("health __PILLAR__LOCAL__DNS__:8080", "health 169.254.20.10:8080"),
        Arguments.of("forward . __PILLAR__UPSTREAM__SERVERS__", "forward . 10.0.0.2 10.0.0.3"),
        Arguments.of("bind 169.254.20.10 __PILLAR__EMPTY__", "bind 169.254.20.10 "),
        // no value: left as it is, for the parser to report
        Arguments.of("forward . __PILLAR__CLUSTER__DNS__", "forward . __PILLAR__CLUSTER__DNS__"),
        // a longer placeholder that starts like a known one is a different placeholder
        Arguments.of("__PILLAR__LOCAL__DNS__X__", "__PILLAR__LOCAL__DNS__X__"),
        Arguments.of("no placeholders", "no placeholders"));
  }

  @ParameterizedTest
  @MethodSource("substitutions")
  void substitutesTheGivenPlaceholders(String text, String expected) {
    assertThat(Placeholders.substitute(text, VALUES)).isEqualTo(expected);
  }

  @Test
  void neverSubstitutesInsideAValue() {
    Map<String, String> values =
        Map.of("__PILLAR__A__", "__PILLAR__B__", "__PILLAR__B__", "b", "__PILLAR__C__", "$1\\");
    assertThat(Placeholders.substitute("__PILLAR__A__ __PILLAR__C__", values))
        .isEqualTo("__PILLAR__B__ $1\\");
  }

  @Test
  void refusesAKeyThatIsNotAPlaceholder() {
    assertThatThrownBy(() -> Placeholders.substitute("x", Map.of("LOCAL_DNS", "1.2.3.4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"LOCAL_DNS\"");
  }

  @Test
  void findsTheFirstPlaceholderLeft() {
    assertThat(Placeholders.firstIn("a __PILLAR__DNS__DOMAIN__:53 __PILLAR__X__"))
        .hasValue("__PILLAR__DNS__DOMAIN__");
    assertThat(Placeholders.firstIn("cluster.local:53")).isEmpty();
  }
}
