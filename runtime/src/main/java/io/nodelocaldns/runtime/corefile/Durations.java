package io.nodelocaldns.runtime.corefile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Durations as a Corefile writes them. CoreDNS reads most durations with Go's {@code
 * time.ParseDuration} ({@code 30s}, {@code 1m}, {@code 1h30m}, {@code 500ms}, {@code 1.5s}; a bare
 * {@code 0}) and a few values, such as the cache TTLs, as whole seconds ({@code 30}); this class is
 * the one place that reads both.
 */
public final class Durations {
  /** What a duration looks like, for messages. */
  public static final String EXPECTED = "a duration such as 30s, 1m or 1h30m";

  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L, // micro sign, as Go accepts
          "\u03bcs", 1_000L, // Greek mu, as Go accepts
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);
  private static final Pattern WHOLE_SECONDS = Pattern.compile("[-+]?\\d{1,18}");
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private Durations() {}

  /**
   * Reads a Go duration: an optional sign, then one or more decimal numbers each followed by a unit
   * ({@code ns us µs ms s m h}); {@code "0"} needs no unit. Like Go, the result must fit in 64-bit
   * nanoseconds (about 292 years).
   *
   * @throws IllegalArgumentException if {@code text} is not such a duration
   */
  public static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int numberStart = i;
      int digits = 0;
      while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        digits += isDigit(s.charAt(i)) ? 1 : 0;
        i++;
      }
      String number = s.substring(numberStart, i);
      if (digits == 0 || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      Long unit = NANOS_PER_UNIT.get(s.substring(unitStart, i));
      if (unit == null) {
        throw invalid(text);
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    BigInteger whole = nanos.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
    if (whole.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException(
          "duration \"" + text + "\" is out of range (at most about 292 years)");
    }
    long value = whole.longValue();
    return Duration.ofNanos(negative ? -value : value);
  }

  /**
   * Reads a whole number of seconds, such as a cache TTL ({@code 30}); the sign is kept so the
   * caller can say what range it expected.
   *
   * @throws IllegalArgumentException if {@code text} is not a whole number
   */
  public static Duration parseSeconds(String text) {
    if (!WHOLE_SECONDS.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "expected a whole number of seconds such as 30, got \"" + text + "\"");
    }
    return Duration.ofSeconds(Long.parseLong(text));
  }

  /**
   * Writes a duration the way a Corefile would: {@code 5s}, {@code 1h30m}, {@code 500ms}, {@code
   * 1.5s}, {@code 0s}.
   */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      long nanos = duration.toNanos();
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      return nanos % 1_000 == 0 ? nanos / 1_000 + "us" : nanos + "ns";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      out.append(duration.toMinutesPart()).append('m');
    }
    int seconds = duration.toSecondsPart();
    int nanos = duration.toNanosPart();
    if (seconds > 0 || nanos > 0) {
      out.append(seconds);
      if (nanos > 0) {
        String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
        out.append('.').append(fraction);
      }
      out.append('s');
    }
    return out.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("expected " + EXPECTED + ", got \"" + text + "\"");
  }
}
