package io.nodelocaldns.runtime.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One histogram metric and its labelled series, each a {@link LeanHistogram}, collected for the
 * Prometheus registry as a classic histogram: {@code NAME_bucket{le}} (cumulative), {@code
 * NAME_count} and {@code NAME_sum} under {@code # HELP} and {@code # TYPE NAME histogram}, the
 * series Micrometer's timers and distribution summaries wrote, without their {@code _max} gauge
 * (CoreDNS has none, and keeping a maximum costs every record a compare-and-set). Thread-safe.
 */
public final class HistogramFamily implements Collector {
  private final String name;
  private final String help;
  private final Buckets buckets;
  private final String[] labelNames;

  /** The {@code le} values: the bounds in the exposition's unit, then {@code +Inf}. */
  private final double[] upperBounds;

  private final ConcurrentHashMap<List<String>, Series> series = new ConcurrentHashMap<>();
  private final Function<List<String>, Series> newSeries = this::newSeries;

  /**
   * @param name the exposition's name, unit included ({@code coredns_dns_request_duration_seconds})
   * @param help the {@code # HELP} text
   * @param labelNames every series' labels, in the order {@link #series} takes their values
   */
  public HistogramFamily(String name, String help, Buckets buckets, String... labelNames) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
    this.labelNames = labelNames.clone();
    long[] bounds = buckets.bounds();
    this.upperBounds = new double[bounds.length + 1];
    for (int i = 0; i < bounds.length; i++) {
      upperBounds[i] = buckets.exported(bounds[i]);
    }
    upperBounds[bounds.length] = Double.POSITIVE_INFINITY;
  }

  /**
   * The series with these label values, created the first time. A map look-up: resolve it once and
   * keep it ({@link MeterSlots}, {@link Lazy}), as with Micrometer's meters.
   */
  public LeanHistogram series(String... labelValues) {
    if (labelValues.length != labelNames.length) {
      throw new IllegalArgumentException(
          name + " has labels " + Arrays.toString(labelNames) + ", not " + labelValues.length);
    }
    return series.computeIfAbsent(List.of(labelValues), newSeries).histogram();
  }

  /** Whether this family has these buckets and label names. */
  boolean hasShape(Buckets buckets, String... labelNames) {
    return this.buckets == buckets && Arrays.equals(this.labelNames, labelNames);
  }

  @Override
  public String getPrometheusName() {
    return name;
  }

  /** Every series as it is now; a family without series yet writes nothing. */
  @Override
  public HistogramSnapshot collect() {
    List<HistogramDataPointSnapshot> points = new ArrayList<>(series.size());
    for (Series one : series.values()) {
      LeanHistogram.Snapshot snapshot = one.histogram().snapshot();
      points.add(
          new HistogramDataPointSnapshot(
              ClassicHistogramBuckets.of(upperBounds, snapshot.counts()),
              buckets.exported(snapshot.sum()),
              one.labels(),
              Exemplars.EMPTY,
              0)); // no created timestamp: the text format does not write one
    }
    return new HistogramSnapshot(new MetricMetadata(name, help), points);
  }

  private Series newSeries(List<String> labelValues) {
    return new Series(
        Labels.of(labelNames, labelValues.toArray(String[]::new)),
        new LeanHistogram(buckets.bounds()));
  }

  /** A series: its labels as the exposition writes them, and what it counts. */
  private record Series(Labels labels, LeanHistogram histogram) {}
}
