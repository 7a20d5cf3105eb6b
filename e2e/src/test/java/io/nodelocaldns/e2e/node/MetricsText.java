package io.nodelocaldns.e2e.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a Prometheus text exposition, e.g. {@code
 * coredns_cache_hits_total{server="dns://10.96.0.10:53",type="success",zones="cluster.local."} 9},
 * so a test can sum a family over the labels it cares about, as the seed's {@code grep} does.
 */
final class MetricsText {
  /** One sample: name, labels as written, value. */
  record Sample(String name, Map<String, String> labels, double value) {
    boolean has(Map<String, String> subset) {
      return subset.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
  }

  private final List<Sample> samples;

  private MetricsText(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  static MetricsText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(parseLine(line.strip()));
      }
    }
    return new MetricsText(samples);
  }

  List<Sample> samples() {
    return samples;
  }

  /** The sum of {@code name}'s samples that carry every label of {@code labels}; 0 if none. */
  double sum(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.has(labels))
        .mapToDouble(Sample::value)
        .sum();
  }

  static Sample parseLine(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || (space >= 0 && space < brace)) {
      String[] parts = line.split("\\s+");
      return new Sample(parts[0], Map.of(), number(parts[1]));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // past ="
      for (; line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\') {
          char escaped = line.charAt(++j);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    String[] rest = line.substring(i + 1).strip().split("\\s+");
    return new Sample(line.substring(0, brace), labels, number(rest[0]));
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
