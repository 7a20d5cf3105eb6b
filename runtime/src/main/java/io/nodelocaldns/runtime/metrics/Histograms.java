package io.nodelocaldns.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nodelocaldns.runtime.plugin.SharedResources;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's per-query histograms ({@code coredns_dns_request_duration_seconds}, the size
 * histograms, the forwarders' durations) by name, each family created on first use and registered
 * with the Prometheus registry behind the runtime's {@link MeterRegistry}, so one scrape writes
 * them with every other series. They are {@link LeanHistogram}s rather than Micrometer timers and
 * distribution summaries, whose recording cost a cache hit a good part of its time. Other
 * histograms (the JVM's) stay Micrometer's. One per runtime, kept in its {@link SharedResources}.
 * Thread-safe.
 */
public final class Histograms {
  /** Where the families are scraped; null when the registry is not Prometheus's. */
  private final PrometheusRegistry exporter;

  private final ConcurrentHashMap<String, HistogramFamily> byName = new ConcurrentHashMap<>();

  private Histograms(MeterRegistry registry) {
    this.exporter =
        registry instanceof PrometheusMeterRegistry prometheus
            ? prometheus.getPrometheusRegistry()
            : null;
  }

  /**
   * The runtime's, exported with {@code registry}'s series when it is a {@link
   * PrometheusMeterRegistry} (the runtime's always is); with any other registry they count but are
   * not exported.
   */
  public static Histograms of(MeterRegistry registry, SharedResources shared) {
    return shared.get(Histograms.class, () -> new Histograms(registry));
  }

  /**
   * The family called {@code name}, created and registered the first time.
   *
   * @param name the exposition's name, unit included
   * @param help the {@code # HELP} text
   * @param labelNames the labels of its series, in the order {@link HistogramFamily#series} takes
   *     their values
   * @throws IllegalArgumentException if the family exists with other buckets or labels
   */
  public HistogramFamily family(String name, String help, Buckets buckets, String... labelNames) {
    HistogramFamily family =
        byName.computeIfAbsent(
            name, n -> register(new HistogramFamily(n, help, buckets, labelNames)));
    if (!family.hasShape(buckets, labelNames)) {
      throw new IllegalArgumentException(name + " exists with other buckets or labels");
    }
    return family;
  }

  private HistogramFamily register(HistogramFamily family) {
    if (exporter != null) {
      exporter.register(family);
    }
    return family;
  }
}
