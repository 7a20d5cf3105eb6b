package io.nodelocaldns.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nodelocaldns.runtime.plugin.SharedResources;
import io.nodelocaldns.runtime.prometheus.RuntimeMetrics;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runtime's histogram families: one per name, scraped once they have a series. */
class HistogramsTest {
  private static final String NAME = "test_duration_seconds";

  private final RuntimeMetrics metrics = RuntimeMetrics.create();
  private final SharedResources shared = new SharedResources();
  private final Histograms histograms = Histograms.of(metrics.registry(), shared);

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void aRuntimeHasOneFamilyPerName() {
    assertThat(Histograms.of(metrics.registry(), shared)).isSameAs(histograms);
    HistogramFamily family = histograms.family(NAME, "help", Buckets.TIME, "to");
    assertThat(histograms.family(NAME, "help", Buckets.TIME, "to")).isSameAs(family);
  }

  @Test
  void theSameLabelValuesAreTheSameSeries() {
    HistogramFamily family = histograms.family(NAME, "help", Buckets.TIME, "to");
    family.series("a").record(1);
    family.series("a").record(1);
    family.series("b").record(1);

    MetricsScrape scrape = MetricsScrape.parse(metrics.scrape());
    assertThat(scrape.value(NAME + "_count", Map.of("to", "a"))).isEqualTo(2);
    assertThat(scrape.value(NAME + "_count", Map.of("to", "b"))).isEqualTo(1);
  }

  @Test
  void aFamilyIsWrittenOnceItHasASeries() {
    HistogramFamily family = histograms.family(NAME, "help", Buckets.TIME, "to");
    assertThat(metrics.scrape()).doesNotContain(NAME);

    family.series("a");
    assertThat(MetricsScrape.parse(metrics.scrape()).value(NAME + "_count", Map.of("to", "a")))
        .isZero();
  }

  @Test
  void aNameIsNotGivenOtherBucketsOrLabels() {
    histograms.family(NAME, "help", Buckets.TIME, "to");
    assertThatThrownBy(() -> histograms.family(NAME, "help", Buckets.SIZE, "to"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> histograms.family(NAME, "help", Buckets.TIME, "to", "rcode"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSeriesTakesAValueForEachLabel() {
    HistogramFamily family = histograms.family(NAME, "help", Buckets.TIME, "to", "rcode");
    assertThatThrownBy(() -> family.series("a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withAnotherRegistryTheyCountButAreNotExported() {
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    LeanHistogram series =
        Histograms.of(simple, new SharedResources())
            .family(NAME, "help", Buckets.TIME, "to")
            .series("a");
    series.record(1);
    assertThat(series.snapshot().count()).isEqualTo(1);
    assertThat(simple.getMeters()).isEmpty();
  }
}
