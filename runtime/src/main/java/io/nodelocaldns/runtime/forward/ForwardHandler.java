package io.nodelocaldns.runtime.forward;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.upstream.Upstream;
import io.nodelocaldns.runtime.upstream.UpstreamException;
import io.nodelocaldns.runtime.upstream.UpstreamListener;
import io.nodelocaldns.runtime.upstream.UpstreamQuery;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsNames;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import io.nodelocaldns.runtime.wire.Responses;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code forward} directive: sends the queries of its zone to upstream servers and returns
 * their answers, as CoreDNS's forward plugin.
 *
 * <ul>
 *   <li>Names outside {@code from}, or inside an {@code except} zone, go to the next handler.
 *   <li>More than {@code max_concurrent} queries at once: the excess is REFUSED at once.
 *   <li>Identical queries in flight at the same time (same name, type, class, DO and CD) share one
 *       upstream query; each client gets the answer with its own ID, letter case and EDNS.
 *   <li>Upstreams are tried in the policy's order, healthy ones first (see {@link ForwardAttempt});
 *       over the client's transport, or always TCP ({@code force_tcp}) or UDP ({@code prefer_udp}).
 *   <li>When none answers in time the client gets SERVFAIL with the reason.
 * </ul>
 *
 * <p>Close it (or the server that owns it) to stop health checks and close upstream connections.
 */
public final class ForwardHandler implements DnsHandler, AutoCloseable {

  private final ForwardConfig config;
  private final ForwardContext context;
  private final DnsHandler next;
  private final List<Upstream> upstreams;
  private final UpstreamPolicy policy;
  private final Transport forcedTransport;
  private final QueryCoalescer<InflightKey, CanonicalResponse> inflight = new QueryCoalescer<>();
  private final AtomicInteger concurrent = new AtomicInteger();

  public ForwardHandler(ForwardConfig config, ForwardContext context, DnsHandler next) {
    this.config = config;
    this.context = context;
    this.next = next;
    this.policy = UpstreamPolicy.of(config.policy());
    this.forcedTransport =
        config.forceTcp() ? Transport.TCP : config.preferUdp() ? Transport.UDP : null;
    Upstream.Settings settings =
        new Upstream.Settings(
            config.expire(),
            config.maxFails(),
            config.healthCheck(),
            config.forceTcp() ? Transport.TCP : Transport.UDP,
            context.timeouts().healthCheck(),
            UpstreamQuery.probe(
                config.healthProbe().domain(), config.healthProbe().recursionDesired()));
    List<Upstream> list = new ArrayList<>();
    for (InetSocketAddress address : config.upstreams()) {
      list.add(new Upstream(address, context.client(), settings, context.listener()));
    }
    this.upstreams = List.copyOf(list);
  }

  /**
   * Builds a forward handler for {@code config} in front of each chain it is given. Each handler
   * created must be closed when its server stops.
   */
  public static HandlerFactory factory(ForwardConfig config, ForwardContext context) {
    return next -> new ForwardHandler(config, context, next);
  }

  @Override
  public String name() {
    return ForwardPlugin.NAME;
  }

  /** The upstreams in the order written, with their health. */
  public List<Upstream> upstreams() {
    return upstreams;
  }

  /** Queries being forwarded right now. */
  public int inFlight() {
    return concurrent.get();
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    DnsQuery query = request.query();
    if (!forwards(query.lowerName())) {
      return next.serve(request);
    }
    UpstreamListener listener = context.listener();
    int count = concurrent.incrementAndGet();
    if (config.maxConcurrent() > 0 && count > config.maxConcurrent()) {
      concurrent.decrementAndGet();
      listener.maxConcurrentRejected();
      return CompletableFuture.completedFuture(
          DnsResponse.failed(
              ForwardPlugin.NAME,
              Responses.error(query, Rcode.REFUSED),
              ForwardPlugin.NAME
                  + ": max_concurrent "
                  + config.maxConcurrent()
                  + " queries already in flight"));
    }
    Transport transport = forcedTransport != null ? forcedTransport : request.transport();
    DnsQuery upstreamQuery = UpstreamQuery.of(query);
    InflightKey key =
        new InflightKey(
            upstreamQuery.name(),
            query.qtype(),
            query.qclass(),
            query.dnssecOk(),
            query.checkingDisabled());
    long deadline = request.startNanos() + context.timeouts().overall().toNanos();
    return inflight
        .join(key, () -> forward(upstreamQuery, transport, deadline))
        .handle(
            (response, failure) -> {
              concurrent.decrementAndGet();
              return respond(query, response, failure);
            });
  }

  /** Stops health checks and closes the upstream connections. */
  @Override
  public void close() {
    upstreams.forEach(Upstream::close);
  }

  private boolean forwards(String name) {
    if (!DnsNames.isInZone(name, config.from())) {
      return false;
    }
    if (name.equals(config.from())) {
      return true; // as CoreDNS: the zone's own name is never excepted
    }
    for (String zone : config.except()) {
      if (DnsNames.isInZone(name, zone)) {
        return false;
      }
    }
    return true;
  }

  private CompletableFuture<CanonicalResponse> forward(
      DnsQuery upstreamQuery, Transport transport, long deadline) {
    if (upstreams.isEmpty()) {
      return CompletableFuture.failedFuture(new ForwardException("no upstreams configured"));
    }
    List<Upstream> order = policy.attemptOrder(upstreams, Upstream::isDown);
    if (order.getFirst().isDown()) {
      context.listener().allUpstreamsDown();
    }
    return ForwardAttempt.run(
        upstreamQuery,
        order,
        transport,
        context.timeouts().attempt(),
        deadline,
        context.client().group().next());
  }

  /** The upstream's answer rendered for this client, or SERVFAIL with the reason; never throws. */
  private static DnsResponse respond(
      DnsQuery query, CanonicalResponse response, Throwable failure) {
    if (failure == null) {
      try {
        return DnsResponse.of(
            ForwardPlugin.NAME,
            ResponseRenderer.render(response, query, ResponseRenderer.KEEP_TTLS));
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    Throwable cause = UpstreamException.unwrap(failure);
    String reason = cause instanceof ForwardException ? cause.getMessage() : String.valueOf(cause);
    return DnsResponse.failed(
        ForwardPlugin.NAME,
        Responses.error(query, Rcode.SERVFAIL),
        ForwardPlugin.NAME + ": " + reason);
  }

  /**
   * What makes two queries the same upstream question. RD is not part of it: every upstream query
   * is sent as the first client asked, and each client's own RD bit is put back in its answer.
   */
  private record InflightKey(
      String name, int qtype, int qclass, boolean dnssecOk, boolean checkingDisabled) {}
}
