package io.nodelocaldns.runtime.corefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  static Stream<Arguments> goDurations() {
    return Stream.of(
        Arguments.of("0", Duration.ZERO),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of("30s", Duration.ofSeconds(30)),
        Arguments.of("1m", Duration.ofMinutes(1)),
        Arguments.of("1h30m", Duration.ofMinutes(90)),
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("0.5s", Duration.ofMillis(500)),
        Arguments.of("1.5h", Duration.ofMinutes(90)),
        Arguments.of(".5s", Duration.ofMillis(500)),
        Arguments.of("2us", Duration.ofNanos(2_000)),
        Arguments.of("2\u00b5s", Duration.ofNanos(2_000)),
        Arguments.of("7ns", Duration.ofNanos(7)),
        Arguments.of("1h1m1s1ms", Duration.ofMillis(3_661_001)),
        Arguments.of("-1s", Duration.ofSeconds(-1)),
        Arguments.of("+5m", Duration.ofMinutes(5)));
  }

  @ParameterizedTest
  @MethodSource("goDurations")
  void readsGoDurations(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "s", "1x", "1.2.3s", "1 s", "5m-3s", "-", ".s", "1hh", "1S"})
  void rejectsWhatGoRejects(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a duration such as 30s, 1m or 1h30m, got \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2562048h", "9223372037s"})
  void rejectsWhatOverflowsGo(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("out of range");
  }

  static Stream<Arguments> seconds() {
    return Stream.of(
        Arguments.of("30", Duration.ofSeconds(30)),
        Arguments.of("0", Duration.ZERO),
        Arguments.of("-1", Duration.ofSeconds(-1)));
  }

  @ParameterizedTest
  @MethodSource("seconds")
  void readsWholeSeconds(String text, Duration expected) {
    assertThat(Durations.parseSeconds(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"30s", "1.5", "", "ten", "99999999999999999999"})
  void rejectsWhatIsNotWholeSeconds(String text) {
    assertThatThrownBy(() -> Durations.parseSeconds(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole number of seconds");
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of(Duration.ZERO, "0s"),
        Arguments.of(Duration.ofSeconds(5), "5s"),
        Arguments.of(Duration.ofMinutes(5), "5m"),
        Arguments.of(Duration.ofMinutes(90), "1h30m"),
        Arguments.of(Duration.ofHours(26), "26h"),
        Arguments.of(Duration.ofMillis(500), "500ms"),
        Arguments.of(Duration.ofMillis(1500), "1.5s"),
        Arguments.of(Duration.ofNanos(1_500), "1500ns"),
        Arguments.of(Duration.ofNanos(2_000), "2us"),
        Arguments.of(Duration.ofSeconds(-2), "-2s"));
  }

  @ParameterizedTest
  @MethodSource("formats")
  void formatsAsACorefileWould(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
    assertThat(Durations.parse(expected)).isEqualTo(duration);
  }
}
