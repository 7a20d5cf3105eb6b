/**
 * The {@code prometheus} directive: CoreDNS-compatible metrics in one Micrometer {@link
 * io.micrometer.prometheusmetrics.PrometheusMeterRegistry} per runtime, served as Prometheus text
 * at {@code /metrics} on every address a block names.
 *
 * <p>{@link io.nodelocaldns.runtime.metrics.RuntimeMetrics} owns the registry and hands out the
 * pieces that record: a handler at the head of each chain with {@code prometheus} ({@code
 * coredns_dns_*}), the cache's {@link io.nodelocaldns.runtime.cache.CacheEvents} ({@code
 * coredns_cache_*}), the forwarders' {@link io.nodelocaldns.runtime.upstream.UpstreamListener}
 * ({@code coredns_forward_*}, {@code coredns_proxy_*}) and the listeners' panics. Meters are
 * resolved once per label set and kept, so a query costs counter increments, not registry look-ups.
 * Names, types, labels and buckets follow CoreDNS so existing dashboards and alerts work unchanged;
 * {@code docs/operations.md} lists every metric.
 */
package io.nodelocaldns.runtime.metrics;
