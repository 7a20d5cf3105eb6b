package io.nodelocaldns.runtime.forward;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nodelocaldns.runtime.metrics.Buckets;
import io.nodelocaldns.runtime.metrics.HistogramFamily;
import io.nodelocaldns.runtime.metrics.Histograms;
import io.nodelocaldns.runtime.metrics.Labels;
import io.nodelocaldns.runtime.metrics.Lazy;
import io.nodelocaldns.runtime.metrics.LeanHistogram;
import io.nodelocaldns.runtime.metrics.MeterSlots;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.upstream.UpstreamListener;
import io.nodelocaldns.runtime.upstream.Upstreams;
import io.nodelocaldns.runtime.wire.Rcode;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The forwarders' metrics, labelled by upstream ({@code to="127.0.0.1:53"}) as CoreDNS's: the
 * {@code coredns_forward_*} series of CoreDNS up to 1.10, and the two {@code coredns_proxy_*}
 * series ({@code proxy_name="forward"}) that CoreDNS 1.11 moved the duration and health-check
 * failures to, so dashboards of either generation work. One instance serves every block.
 */
public final class ForwardMetrics implements UpstreamListener {
  // counters, named as Micrometer wants (it appends _total)
  public static final String REQUESTS = "coredns.forward.requests";
  public static final String RESPONSES = "coredns.forward.responses";
  public static final String HEALTHCHECK_FAILURES = "coredns.forward.healthcheck.failures";
  public static final String HEALTHCHECK_BROKEN = "coredns.forward.healthcheck.broken";
  public static final String MAX_CONCURRENT_REJECTS = "coredns.forward.max.concurrent.rejects";
  public static final String PROXY_HEALTHCHECK_FAILURES = "coredns.proxy.healthcheck.failures";

  // histograms (the runtime's Histograms), named as the exposition writes them
  public static final String REQUEST_DURATION = "coredns_forward_request_duration_seconds";
  public static final String PROXY_REQUEST_DURATION = "coredns_proxy_request_duration_seconds";

  private static final String DURATION_HELP =
      "How long upstreams took to answer, per upstream and rcode";

  private final MeterRegistry registry;
  private final HistogramFamily durationFamily;
  private final HistogramFamily proxyDurationFamily;
  private final Counter healthcheckBroken;
  private final Counter maxConcurrentRejects;
  private final ConcurrentHashMap<InetSocketAddress, UpstreamMeters> byUpstream =
      new ConcurrentHashMap<>();
  private final Function<InetSocketAddress, UpstreamMeters> newUpstream = UpstreamMeters::new;

  public ForwardMetrics(MeterRegistry registry, Histograms histograms) {
    this.registry = registry;
    this.durationFamily =
        histograms.family(REQUEST_DURATION, DURATION_HELP, Buckets.TIME, "to", "rcode");
    this.proxyDurationFamily =
        histograms.family(
            PROXY_REQUEST_DURATION, DURATION_HELP, Buckets.TIME, "to", "proxy_name", "rcode");
    // unlabelled, so present from the start as CoreDNS's plain counters are
    this.healthcheckBroken =
        Counter.builder(HEALTHCHECK_BROKEN)
            .description("Times every upstream of a forward was down, so one was tried anyway")
            .register(registry);
    this.maxConcurrentRejects =
        Counter.builder(MAX_CONCURRENT_REJECTS)
            .description("Queries refused because max_concurrent queries were being forwarded")
            .register(registry);
  }

  @Override
  public void requestSent(InetSocketAddress upstream, Transport transport) {
    meters(upstream).requests.increment();
  }

  @Override
  public void responseReceived(
      InetSocketAddress upstream, Transport transport, int rcode, long durationNanos) {
    UpstreamMeters meters = meters(upstream);
    meters.responses.get(rcode).increment();
    meters.durations.get(rcode).record(durationNanos);
    meters.proxyDurations.get(rcode).record(durationNanos);
  }

  @Override
  public void healthCheckFailed(InetSocketAddress upstream) {
    UpstreamMeters meters = meters(upstream);
    meters.healthcheckFailures.get().increment();
    meters.proxyHealthcheckFailures.get().increment();
  }

  @Override
  public void allUpstreamsDown() {
    healthcheckBroken.increment();
  }

  @Override
  public void maxConcurrentRejected() {
    maxConcurrentRejects.increment();
  }

  private UpstreamMeters meters(InetSocketAddress upstream) {
    UpstreamMeters meters = byUpstream.get(upstream);
    return meters != null ? meters : byUpstream.computeIfAbsent(upstream, newUpstream);
  }

  /** The series of one upstream. */
  private final class UpstreamMeters {
    final Counter requests;
    final MeterSlots<Counter> responses;

    /** In nanoseconds, by rcode. */
    final MeterSlots<LeanHistogram> durations;

    final MeterSlots<LeanHistogram> proxyDurations;
    final Lazy<Counter> healthcheckFailures;
    final Lazy<Counter> proxyHealthcheckFailures;

    UpstreamMeters(InetSocketAddress upstream) {
      String label = Upstreams.label(upstream);
      Tags to = Tags.of("to", label);
      Tags proxy = to.and("proxy_name", ForwardPlugin.NAME);
      requests =
          Counter.builder(REQUESTS)
              .description("Queries sent, per upstream")
              .tags(to)
              .register(registry);
      responses =
          new MeterSlots<>(
              Labels.NAMED_RCODES,
              rcode ->
                  Counter.builder(RESPONSES)
                      .description("Responses received, per upstream and rcode")
                      .tags(to.and("rcode", Rcode.name(rcode)))
                      .register(registry));
      durations =
          new MeterSlots<>(
              Labels.NAMED_RCODES, rcode -> durationFamily.series(label, Rcode.name(rcode)));
      proxyDurations =
          new MeterSlots<>(
              Labels.NAMED_RCODES,
              rcode -> proxyDurationFamily.series(label, ForwardPlugin.NAME, Rcode.name(rcode)));
      healthcheckFailures =
          new Lazy<>(
              () ->
                  Counter.builder(HEALTHCHECK_FAILURES)
                      .description("Health probes that got no response, per upstream")
                      .tags(to)
                      .register(registry));
      proxyHealthcheckFailures =
          new Lazy<>(
              () ->
                  Counter.builder(PROXY_HEALTHCHECK_FAILURES)
                      .description("Health probes that got no response, per upstream")
                      .tags(proxy)
                      .register(registry));
    }
  }
}
