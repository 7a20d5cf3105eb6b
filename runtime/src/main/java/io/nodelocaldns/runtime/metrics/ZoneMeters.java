package io.nodelocaldns.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.Rcode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The {@code coredns_dns_*} meters of one server label and zone. Each labelled series is registered
 * the first time it counts and kept in a slot, so recording allocates nothing.
 */
public final class ZoneMeters {
  public static final String REQUESTS = "coredns.dns.requests";
  public static final String DO_REQUESTS = "coredns.dns.do.requests";
  public static final String REQUEST_DURATION = "coredns.dns.request.duration";
  public static final String REQUEST_SIZE = "coredns.dns.request.size";
  public static final String RESPONSE_SIZE = "coredns.dns.response.size";
  public static final String RESPONSES = "coredns.dns.responses";

  private static final int TRANSPORTS = Transport.values().length;
  private static final int FAMILIES = 2;

  private final MeterRegistry registry;

  /** server, zone and view: the labels every series here has. */
  private final Tags tags;

  /** By transport, family and query type. */
  private final MeterSlots<Counter> requests;

  private final Lazy<Counter> doRequests;
  private final Lazy<Timer> duration;

  /** By transport. */
  private final MeterSlots<DistributionSummary> requestSizes;

  private final MeterSlots<DistributionSummary> responseSizes;

  /** By plugin, then rcode. */
  private final ConcurrentHashMap<String, MeterSlots<Counter>> responses =
      new ConcurrentHashMap<>();

  private final Function<String, MeterSlots<Counter>> newResponses = this::responseSlots;

  public ZoneMeters(MeterRegistry registry, String server, String zone) {
    this.registry = registry;
    this.tags = Tags.of("server", server, "zone", zone, "view", Labels.NO_VIEW);
    this.requests =
        new MeterSlots<>(TRANSPORTS * FAMILIES * QueryTypes.COUNT, this::requestCounter);
    this.doRequests =
        new Lazy<>(
            () ->
                Counter.builder(DO_REQUESTS)
                    .description("DNS requests with the DO bit set, per zone")
                    .tags(tags)
                    .register(registry));
    this.duration =
        new Lazy<>(
            () ->
                Timer.builder(REQUEST_DURATION)
                    .description("How long each request took to answer, per zone")
                    .tags(tags)
                    .serviceLevelObjectives(Buckets.TIME)
                    .register(registry));
    this.requestSizes =
        new MeterSlots<>(
            TRANSPORTS,
            i ->
                sizeSummary(
                    REQUEST_SIZE, "Size of the requests in bytes, per zone and protocol", i));
    this.responseSizes =
        new MeterSlots<>(
            TRANSPORTS,
            i ->
                sizeSummary(
                    RESPONSE_SIZE,
                    "Size of the responses sent in bytes, per zone and protocol",
                    i));
  }

  /**
   * Records one answered query.
   *
   * @param family 0 for an IPv4 client, 1 for IPv6
   * @param requestSize the query's size in bytes
   * @param durationNanos from reading the query to its answer
   * @param rcode the answer's rcode
   * @param plugin the directive that answered, or empty
   * @param responseSize the bytes the client receives
   */
  public void record(
      Transport transport,
      int family,
      int qtype,
      boolean dnssecOk,
      int requestSize,
      long durationNanos,
      int rcode,
      String plugin,
      int responseSize) {
    int proto = transport.ordinal();
    requests
        .get((proto * FAMILIES + family) * QueryTypes.COUNT + QueryTypes.index(qtype))
        .increment();
    if (dnssecOk) {
      doRequests.get().increment();
    }
    duration.get().record(durationNanos, TimeUnit.NANOSECONDS);
    requestSizes.get(proto).record(requestSize);
    responseSizes.get(proto).record(responseSize);
    MeterSlots<Counter> byRcode = responses.get(plugin);
    if (byRcode == null) {
      byRcode = responses.computeIfAbsent(plugin, newResponses);
    }
    byRcode.get(rcode).increment();
  }

  private Counter requestCounter(int slot) {
    int type = slot % QueryTypes.COUNT;
    int family = (slot / QueryTypes.COUNT) % FAMILIES;
    int proto = slot / QueryTypes.COUNT / FAMILIES;
    return Counter.builder(REQUESTS)
        .description("DNS requests, per zone, protocol, family and query type")
        .tags(tags)
        .tags(
            "proto",
            Transport.values()[proto].label(),
            "family",
            Labels.family(family),
            "type",
            QueryTypes.label(type))
        .register(registry);
  }

  private DistributionSummary sizeSummary(String name, String description, int proto) {
    return DistributionSummary.builder(name)
        .description(description)
        .baseUnit("bytes")
        .tags(tags)
        .tag("proto", Transport.values()[proto].label())
        .serviceLevelObjectives(Buckets.SIZE)
        .register(registry);
  }

  private MeterSlots<Counter> responseSlots(String plugin) {
    return new MeterSlots<>(
        Labels.NAMED_RCODES,
        rcode ->
            Counter.builder(RESPONSES)
                .description("DNS responses, per zone, rcode and the plugin that answered")
                .tags(tags)
                .tags("rcode", Rcode.name(rcode), "plugin", plugin)
                .register(registry));
  }
}
