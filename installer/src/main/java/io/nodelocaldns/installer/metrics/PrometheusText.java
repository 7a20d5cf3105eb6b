package io.nodelocaldns.installer.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus text exposition format, as much of it as status needs: samples with labels;
 * comments and malformed lines are skipped.
 */
public final class PrometheusText {
  /** One sample: {@code name{labels} value}. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(
              l.group(1),
              l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
        }
      }
      try {
        samples.add(new Sample(m.group(1), labels, parseValue(m.group(4))));
      } catch (NumberFormatException e) {
        // not a number: skip the line, as a scraper would reject only that sample
      }
    }
    return new PrometheusText(samples);
  }

  private static double parseValue(String value) {
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The sum over all label sets of {@code name}; empty when the metric is absent. */
  public Optional<Double> sum(String name) {
    List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)).toList();
    if (matching.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(matching.stream().mapToDouble(Sample::value).sum());
  }

  /** A label of the first sample of {@code name}, e.g. {@code coredns_build_info}'s version. */
  public Optional<String> label(String name, String label) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().containsKey(label))
        .map(s -> s.labels().get(label))
        .findFirst();
  }
}
