package io.nodelocaldns.runtime.prometheus;

import io.nodelocaldns.runtime.metrics.GoFloats;

/**
 * Rewrites the numbers of a Prometheus text exposition (version 0.0.4) the way CoreDNS's Go client
 * writes them: sample values and the {@code le} and {@code quantile} bounds. Comments, names and
 * labels stay as they are.
 */
final class PrometheusText {
  private static final String[] NUMERIC_LABELS = {"le=\"", "quantile=\""};

  private PrometheusText() {}

  static String goStyle(String exposition) {
    StringBuilder out = new StringBuilder(exposition.length());
    int start = 0;
    while (start < exposition.length()) {
      int end = exposition.indexOf('\n', start);
      if (end < 0) {
        end = exposition.length();
      }
      String line = exposition.substring(start, end);
      out.append(line.isEmpty() || line.charAt(0) == '#' ? line : sample(line));
      if (end < exposition.length()) {
        out.append('\n');
      }
      start = end + 1;
    }
    return out.toString();
  }

  /** {@code name{labels} value}: label values may hold spaces, the value never does. */
  private static String sample(String line) {
    int space = line.lastIndexOf(' ');
    if (space < 0) {
      return line;
    }
    String series = line.substring(0, space);
    for (String label : NUMERIC_LABELS) {
      series = numericLabel(series, label);
    }
    return series + ' ' + number(line.substring(space + 1));
  }

  private static String numericLabel(String series, String label) {
    int at = series.indexOf(label);
    if (at <= 0 || (series.charAt(at - 1) != '{' && series.charAt(at - 1) != ',')) {
      return series;
    }
    int from = at + label.length();
    int to = series.indexOf('"', from);
    if (to < 0) {
      return series;
    }
    return series.substring(0, from) + number(series.substring(from, to)) + series.substring(to);
  }

  private static String number(String text) {
    try {
      return GoFloats.format(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return text; // +Inf, -Inf, NaN: already written as Go writes them
    }
  }
}
