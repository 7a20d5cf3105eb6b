package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus text exposition (version 0.0.4), parsed: samples with their labels and
 * values, and each family's {@code # TYPE}. Fetch it over HTTP as Prometheus would, or parse a
 * text; then ask for values by name and exact labels, or {@link #grep} it as a person would.
 *
 * <pre>{@code
 * MetricsScrape scrape = MetricsScrape.fetch(runtime.httpAddress(prometheusAddress));
 * scrape.value("coredns_cache_hits_total", Map.of("server", "dns://127.0.0.1:5300", ...));
 * }</pre>
 */
public final class MetricsScrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** A sample line: its metric name, its labels in the order written, its value as written. */
  public record Sample(String name, Map<String, String> labels, String value) {
    public double number() {
      return switch (value) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(value);
      };
    }

    /** Whether every label of {@code subset} has that value here. */
    public boolean has(Map<String, String> subset) {
      return subset.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
  }

  /** What an HTTP GET returned. */
  public record Reply(int status, String contentType, String body) {}

  private final String text;
  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new LinkedHashMap<>();

  private MetricsScrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(parseSample(line));
      }
    }
  }

  public static MetricsScrape parse(String text) {
    return new MetricsScrape(text);
  }

  /** GETs {@code http://ADDRESS/metrics}; fails unless it answers 200. */
  public static MetricsScrape fetch(InetSocketAddress address) {
    Reply reply = get(address, "/metrics");
    if (reply.status() != 200) {
      throw new AssertionError("GET /metrics: " + reply.status() + " " + reply.body());
    }
    return parse(reply.body());
  }

  /** GETs {@code path} on {@code address}, whatever the status. */
  public static Reply get(InetSocketAddress address, String path) {
    URI uri =
        URI.create(
            "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + path);
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The text as served. */
  public String text() {
    return text;
  }

  /** The lines that match {@code regex} anywhere, as {@code grep -E} prints them. */
  public List<String> grep(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return text.lines().filter(line -> pattern.matcher(line).find()).toList();
  }

  /** The {@code # TYPE} of family {@code name} (e.g. {@code counter}), if declared. */
  public Optional<String> type(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** Every sample named {@code name}. */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** Samples named {@code name} whose labels include {@code subset}. */
  public List<Sample> samples(String name, Map<String, String> subset) {
    return samples(name).stream().filter(s -> s.has(subset)).toList();
  }

  /** The value of the sample with exactly these labels; empty if there is none. */
  public Optional<Double> find(String name, Map<String, String> labels) {
    return samples(name).stream()
        .filter(s -> s.labels().equals(labels))
        .map(Sample::number)
        .findFirst();
  }

  /** The value of the sample with exactly these labels; fails, listing the family, if absent. */
  public double value(String name, Map<String, String> labels) {
    return find(name, labels)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no "
                        + name
                        + labels
                        + " in:\n"
                        + String.join("\n", grep("^" + Pattern.quote(name)))));
  }

  /** The sum of the samples named {@code name} whose labels include {@code subset} (0 if none). */
  public double sum(String name, Map<String, String> subset) {
    return samples(name, subset).stream().mapToDouble(Sample::number).sum();
  }

  private static Sample parseSample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    if (brace < 0 || brace > space) {
      return new Sample(line.substring(0, space), Map.of(), line.substring(space + 1));
    }
    String name = line.substring(0, brace);
    Map<String, String> labels = new LinkedHashMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq);
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
    return new Sample(name, labels, line.substring(line.indexOf(' ', i) + 1).trim());
  }
}
