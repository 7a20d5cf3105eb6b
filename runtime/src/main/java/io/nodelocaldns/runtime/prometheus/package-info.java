/**
 * The {@code prometheus} directive: CoreDNS-compatible metrics in one Micrometer registry per
 * runtime, served as Prometheus text at {@code /metrics} on every address a block names.
 *
 * <pre>
 * prometheus [ADDRESS]
 * </pre>
 *
 * <p>Without an address, every interface on port 9153. {@link
 * io.nodelocaldns.runtime.prometheus.RuntimeMetrics} owns the registry, the JVM's and the process's
 * series and {@code coredns_build_info}; {@link io.nodelocaldns.runtime.prometheus.MetricsHandler}
 * at the head of each block's chain records {@code coredns_dns_*}. Names, types, labels and buckets
 * follow CoreDNS so existing dashboards and alerts work unchanged.
 */
package io.nodelocaldns.runtime.prometheus;
