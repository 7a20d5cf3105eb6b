package io.nodelocaldns.runtime.prometheus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nodelocaldns.runtime.build.Version;
import io.nodelocaldns.runtime.server.ListenerEvents;
import io.prometheus.metrics.core.metrics.Info;

/**
 * The metrics of one runtime: a {@link PrometheusMeterRegistry} with CoreDNS's series, the JVM's,
 * and what records into it. Created when any server block has {@code prometheus}; then every
 * block's cache and forwarders report (as CoreDNS's do), while {@code coredns_dns_*} come only from
 * blocks with {@code prometheus}. Thread-safe.
 *
 * <pre>{@code
 * RuntimeMetrics metrics = RuntimeMetrics.create();
 * metrics.scrape();                                   // GET /metrics
 * metrics.registry();                                 // where the plugins' metrics record
 * metrics.reloadFailed();                             // coredns_reload_failed_total
 * }</pre>
 */
public final class RuntimeMetrics implements AutoCloseable {
  /** Where the exposition is served. */
  public static final String PATH = "/metrics";

  /** The Prometheus text format, version 0.0.4, which every Prometheus scrapes. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  static final String BUILD_INFO = "coredns_build_info";
  static final String PANICS = "coredns.panics";
  static final String RELOAD_FAILED = "coredns.reload.failed";

  /** The build records no source revision (yet). */
  private static final String UNKNOWN_REVISION = "";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final Counter panics;
  private final Counter reloadFailures;

  private RuntimeMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new ProcessMetrics().bindTo(registry);
    registerBuildInfo();
    this.panics =
        Counter.builder(PANICS)
            .description("Queries a handler failed on, answered SERVFAIL by the listener")
            .register(registry);
    this.reloadFailures =
        Counter.builder(RELOAD_FAILED)
            .description("Reloads of the Corefile that failed")
            .register(registry);
  }

  /** A registry with the JVM's metrics, {@code coredns_build_info} and the runtime's counters. */
  public static RuntimeMetrics create() {
    return new RuntimeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The registry, for anything else that wants to record. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Every series, in the Prometheus text format, numbers written as CoreDNS writes them. */
  public String scrape() {
    return PrometheusText.goStyle(registry.scrape());
  }

  /**
   * {@code delegate}, also counting handler failures as {@code coredns_panics_total} and packets
   * dropped or rejected by the listeners as {@code nodelocaldns_dns_dropped_total{proto}} and
   * {@code nodelocaldns_dns_rejected_total{proto,rcode}}.
   */
  public ListenerEvents listenerEvents(ListenerEvents delegate) {
    return new CountingListenerEvents(delegate, panics, registry);
  }

  /** Counts a failed reload ({@code coredns_reload_failed_total}). */
  public void reloadFailed() {
    reloadFailures.increment();
  }

  /** Stops the JVM listeners and the registry. */
  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }

  /**
   * {@code coredns_build_info{version, revision, goversion} 1}, registered with the Prometheus
   * client itself: it writes info metrics under their {@code _info} name, which Micrometer cannot
   * (the Prometheus client reserves that suffix). {@code goversion} carries the Java version.
   */
  private void registerBuildInfo() {
    Info.builder()
        .name(BUILD_INFO)
        .help("The version of node-local-dns and the Java runtime it runs on, value 1")
        .labelNames("version", "revision", "goversion")
        .register(registry.getPrometheusRegistry())
        .addLabelValues(
            Version.current(), UNKNOWN_REVISION, "java" + System.getProperty("java.version"));
  }
}
