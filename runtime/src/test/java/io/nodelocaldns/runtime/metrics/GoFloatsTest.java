package io.nodelocaldns.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} prints, checked against known outputs. */
class GoFloatsTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1, 1",
    "12, 12",
    "-3, -3",
    "0.5, 0.5",
    "0.00025, 0.00025",
    "0.000025, 2.5e-05",
    "8.192, 8.192",
    "100, 100",
    "16000, 16000",
    "100000, 100000",
    "999999, 999999",
    "1000000, 1e+06",
    "1234567, 1.234567e+06",
    "144076800, 1.440768e+08",
    "1.795433975973E9, 1.795433975973e+09",
    "0.137381652, 0.137381652",
    "1.5E300, 1.5e+300",
    "Infinity, +Inf",
    "-Infinity, -Inf",
    "NaN, NaN",
  })
  void formatsAsGoDoes(double value, String expected) {
    assertThat(GoFloats.format(value)).isEqualTo(expected);
  }
}
