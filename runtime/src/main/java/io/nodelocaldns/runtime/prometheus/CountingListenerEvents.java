package io.nodelocaldns.runtime.prometheus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.server.ListenerEvents;
import io.nodelocaldns.runtime.wire.Rcode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listener events passed on as they are, and counted: handler failures as CoreDNS's panics, packets
 * dropped unanswered and packets rejected with an error straight away in series of our own (CoreDNS
 * counts neither), so a flood of garbage shows on a dashboard and not only in a FINE log.
 */
final class CountingListenerEvents implements ListenerEvents {
  static final String DROPPED = "nodelocaldns.dns.dropped";
  static final String REJECTED = "nodelocaldns.dns.rejected";
  static final String CONNECTIONS_CLOSED = "nodelocaldns.connections.closed";

  private final ListenerEvents delegate;
  private final Counter panics;
  private final MeterRegistry registry;

  /**
   * Counters by series, built on first use: a flood of garbage or of answers nobody takes then
   * costs a map lookup per packet, not a builder and a registry lookup.
   */
  private final Map<Transport, Counter> dropped = new ConcurrentHashMap<>();

  private final Map<Rejection, Counter> rejected = new ConcurrentHashMap<>();

  private final Map<ClosedConnections, Counter> closed = new ConcurrentHashMap<>();

  private record Rejection(Transport transport, int rcode) {}

  private record ClosedConnections(String listener, String reason) {}

  CountingListenerEvents(ListenerEvents delegate, Counter panics, MeterRegistry registry) {
    this.delegate = delegate;
    this.panics = panics;
    this.registry = registry;
  }

  @Override
  public void dropped(Transport transport, String reason) {
    dropped
        .computeIfAbsent(
            transport,
            t ->
                Counter.builder(DROPPED)
                    .description(
                        "Packets not answered: too short, a response, or an answer the client's"
                            + " socket did not take")
                    .tag("proto", t.label())
                    .register(registry))
        .increment();
    delegate.dropped(transport, reason);
  }

  @Override
  public void rejected(Transport transport, int rcode, String reason) {
    rejected
        .computeIfAbsent(
            new Rejection(transport, rcode),
            r ->
                Counter.builder(REJECTED)
                    .description(
                        "Malformed queries answered with an error rcode before any plugin saw them")
                    .tag("proto", r.transport().label())
                    .tag("rcode", Rcode.name(r.rcode()))
                    .register(registry))
        .increment();
    delegate.rejected(transport, rcode, reason);
  }

  @Override
  public void connectionClosed(String listener, String reason) {
    closed
        .computeIfAbsent(
            new ClosedConnections(listener, reason),
            c ->
                Counter.builder(CONNECTIONS_CLOSED)
                    .description(
                        "Connections a listener closed: the oldest beyond its cap (limit), or no"
                            + " whole message in time (deadline)")
                    .tag("listener", c.listener())
                    .tag("reason", c.reason())
                    .register(registry))
        .increment();
    delegate.connectionClosed(listener, reason);
  }

  @Override
  public void handlerFailed(Transport transport, Throwable failure) {
    panics.increment();
    delegate.handlerFailed(transport, failure);
  }
}
