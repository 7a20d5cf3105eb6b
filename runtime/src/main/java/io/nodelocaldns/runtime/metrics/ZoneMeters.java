package io.nodelocaldns.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.Rcode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@code coredns_dns_*} meters of one server label and zone: Micrometer counters, and the
 * runtime's {@link Histograms} for durations and sizes. Each labelled series is registered the
 * first time it counts and kept in a slot, so recording allocates nothing.
 */
public final class ZoneMeters {
  // counters, named as Micrometer wants (it writes coredns_dns_requests_total)
  public static final String REQUESTS = "coredns.dns.requests";
  public static final String DO_REQUESTS = "coredns.dns.do.requests";
  public static final String RESPONSES = "coredns.dns.responses";

  // histograms, named as the exposition writes them
  public static final String REQUEST_DURATION = "coredns_dns_request_duration_seconds";
  public static final String REQUEST_SIZE = "coredns_dns_request_size_bytes";
  public static final String RESPONSE_SIZE = "coredns_dns_response_size_bytes";

  private static final int TRANSPORTS = Transport.values().length;
  private static final int FAMILIES = 2;

  private final MeterRegistry registry;

  /** server, zone and view: the labels every series here has. */
  private final Tags tags;

  /** By transport, family and query type. */
  private final MeterSlots<Counter> requests;

  private final Lazy<Counter> doRequests;

  /** In nanoseconds. */
  private final Lazy<LeanHistogram> duration;

  /** By transport. */
  private final MeterSlots<LeanHistogram> requestSizes;

  private final MeterSlots<LeanHistogram> responseSizes;

  /** By plugin, then rcode. */
  private final ConcurrentHashMap<String, MeterSlots<Counter>> responses =
      new ConcurrentHashMap<>();

  private final Function<String, MeterSlots<Counter>> newResponses = this::responseSlots;

  public ZoneMeters(MeterRegistry registry, Histograms histograms, String server, String zone) {
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
    HistogramFamily durations =
        histograms.family(
            REQUEST_DURATION,
            "How long each request took to answer, per zone",
            Buckets.TIME,
            "server",
            "zone",
            "view");
    this.duration = new Lazy<>(() -> durations.series(server, zone, Labels.NO_VIEW));
    HistogramFamily requestSizes =
        sizes(histograms, REQUEST_SIZE, "Size of the requests in bytes, per zone and protocol");
    this.requestSizes =
        new MeterSlots<>(
            TRANSPORTS, i -> requestSizes.series(server, zone, Labels.NO_VIEW, proto(i)));
    HistogramFamily responseSizes =
        sizes(
            histograms,
            RESPONSE_SIZE,
            "Size of the responses sent in bytes, per zone and protocol");
    this.responseSizes =
        new MeterSlots<>(
            TRANSPORTS, i -> responseSizes.series(server, zone, Labels.NO_VIEW, proto(i)));
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
    duration.get().record(durationNanos);
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
            "proto", proto(proto), "family", Labels.family(family), "type", QueryTypes.label(type))
        .register(registry);
  }

  private static HistogramFamily sizes(Histograms histograms, String name, String help) {
    return histograms.family(name, help, Buckets.SIZE, "server", "zone", "view", "proto");
  }

  private static String proto(int transport) {
    return Transport.values()[transport].label();
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
