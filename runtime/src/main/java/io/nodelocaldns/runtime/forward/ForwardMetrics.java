package io.nodelocaldns.runtime.forward;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.nodelocaldns.runtime.metrics.Buckets;
import io.nodelocaldns.runtime.metrics.Labels;
import io.nodelocaldns.runtime.metrics.Lazy;
import io.nodelocaldns.runtime.metrics.MeterSlots;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.upstream.UpstreamListener;
import io.nodelocaldns.runtime.upstream.Upstreams;
import io.nodelocaldns.runtime.wire.Rcode;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The forwarders' metrics, labelled by upstream ({@code to="127.0.0.1:53"}) as CoreDNS's: the
 * {@code coredns_forward_*} series of CoreDNS up to 1.10, and the two {@code coredns_proxy_*}
 * series ({@code proxy_name="forward"}) that CoreDNS 1.11 moved the duration and health-check
 * failures to, so dashboards of either generation work. One instance serves every block.
 */
public final class ForwardMetrics implements UpstreamListener {
  public static final String REQUESTS = "coredns.forward.requests";
  public static final String RESPONSES = "coredns.forward.responses";
  public static final String REQUEST_DURATION = "coredns.forward.request.duration";
  public static final String HEALTHCHECK_FAILURES = "coredns.forward.healthcheck.failures";
  public static final String HEALTHCHECK_BROKEN = "coredns.forward.healthcheck.broken";
  public static final String MAX_CONCURRENT_REJECTS = "coredns.forward.max.concurrent.rejects";
  public static final String PROXY_REQUEST_DURATION = "coredns.proxy.request.duration";
  public static final String PROXY_HEALTHCHECK_FAILURES = "coredns.proxy.healthcheck.failures";

  private final MeterRegistry registry;
  private final Counter healthcheckBroken;
  private final Counter maxConcurrentRejects;
  private final ConcurrentHashMap<InetSocketAddress, UpstreamMeters> byUpstream =
      new ConcurrentHashMap<>();
  private final Function<InetSocketAddress, UpstreamMeters> newUpstream = UpstreamMeters::new;

  public ForwardMetrics(MeterRegistry registry) {
    this.registry = registry;
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
    meters.durations.get(rcode).record(durationNanos, TimeUnit.NANOSECONDS);
    meters.proxyDurations.get(rcode).record(durationNanos, TimeUnit.NANOSECONDS);
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
    final MeterSlots<Timer> durations;
    final MeterSlots<Timer> proxyDurations;
    final Lazy<Counter> healthcheckFailures;
    final Lazy<Counter> proxyHealthcheckFailures;

    UpstreamMeters(InetSocketAddress upstream) {
      Tags to = Tags.of("to", Upstreams.label(upstream));
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
              Labels.NAMED_RCODES,
              rcode -> timer(REQUEST_DURATION, to.and("rcode", Rcode.name(rcode))));
      proxyDurations =
          new MeterSlots<>(
              Labels.NAMED_RCODES,
              rcode -> timer(PROXY_REQUEST_DURATION, proxy.and("rcode", Rcode.name(rcode))));
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

    private Timer timer(String name, Tags tags) {
      return Timer.builder(name)
          .description("How long upstreams took to answer, per upstream and rcode")
          .tags(tags)
          .serviceLevelObjectives(Buckets.TIME)
          .register(registry);
    }
  }
}
