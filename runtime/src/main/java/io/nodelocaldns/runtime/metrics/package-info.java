/**
 * What every directive's metrics are made of: label values as CoreDNS writes them ({@link
 * io.nodelocaldns.runtime.metrics.Labels}, {@link io.nodelocaldns.runtime.metrics.ServerLabels}),
 * its buckets, and meters resolved once per label set and kept ({@link
 * io.nodelocaldns.runtime.metrics.MeterSlots}, {@link io.nodelocaldns.runtime.metrics.Lazy}), so
 * that a query costs counter increments, not registry look-ups. Counters are Micrometer's; the
 * per-query histograms are our own ({@link io.nodelocaldns.runtime.metrics.LeanHistogram}, in
 * families the runtime's {@link io.nodelocaldns.runtime.metrics.Histograms} registers with the
 * Prometheus registry), which record without contention. The series themselves live with their
 * directive ({@code cache}, {@code forward}, {@code prometheus}); {@code docs/operations.md} lists
 * every metric.
 */
package io.nodelocaldns.runtime.metrics;
