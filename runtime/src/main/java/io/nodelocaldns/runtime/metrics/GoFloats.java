package io.nodelocaldns.runtime.metrics;

import java.math.BigDecimal;

/**
 * Numbers as Go's Prometheus client writes them ({@code strconv.FormatFloat(v, 'g', -1, 64)}):
 * {@code 12}, {@code 0.00025}, {@code 1.5e+06}. Java's client writes {@code 12.0} and {@code
 * 2.5E-4}; both parse the same, but people compare the text with CoreDNS's.
 */
public final class GoFloats {
  /** Go's %g switches to an exponent below 1e-4 and, for shortest output, from 1e6 up. */
  private static final int MIN_PLAIN_EXPONENT = -4;

  private static final int MAX_PLAIN_EXPONENT = 5;

  private GoFloats() {}

  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return "0";
    }
    // Double.toString gives the shortest digits that read back as the same double, as Go does
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int exponent = digits.length() - 1 - decimal.scale();
    StringBuilder out = new StringBuilder(digits.length() + 8);
    if (value < 0) {
      out.append('-');
    }
    if (exponent < MIN_PLAIN_EXPONENT || exponent > MAX_PLAIN_EXPONENT) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) {
        out.append('0');
      }
      return out.append(magnitude).toString();
    }
    if (exponent < 0) {
      out.append("0.").append("0".repeat(-exponent - 1)).append(digits);
    } else if (digits.length() <= exponent + 1) {
      out.append(digits).append("0".repeat(exponent + 1 - digits.length()));
    } else {
      out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
    }
    return out.toString();
  }
}
