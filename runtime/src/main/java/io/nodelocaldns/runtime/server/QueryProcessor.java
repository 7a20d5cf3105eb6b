package io.nodelocaldns.runtime.server;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.QueryDecoder;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;
import io.nodelocaldns.runtime.wire.Truncation;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every listener does with a packet: decode, route to a server block, run its chain, and hand
 * back the bytes to send. Transport-neutral, so UDP and TCP behave the same.
 *
 * <p>The routing can be replaced while queries flow ({@link #route(ZoneRouter)}): a reload swaps it
 * in one step, each packet is routed by the table current when it arrives, and queries already in a
 * chain finish there.
 */
public final class QueryProcessor {
  private static final Logger LOG = Logger.getLogger(QueryProcessor.class.getName());

  private final ListenerEvents events;

  /** Read once per packet; volatile so a swap is seen by every event loop at once. */
  private volatile ZoneRouter router;

  private final InFlightQueries inFlight;

  public QueryProcessor(ZoneRouter router, ListenerEvents events) {
    this(router, events, new InFlightQueries());
  }

  /** Also counts the queries it hands to a chain in {@code inFlight} until they are answered. */
  QueryProcessor(ZoneRouter router, ListenerEvents events, InFlightQueries inFlight) {
    this.router = router;
    this.events = events;
    this.inFlight = inFlight;
  }

  /** Where the listeners using this processor report. */
  ListenerEvents events() {
    return events;
  }

  /** Routes every packet from now on with {@code next}. */
  public void route(ZoneRouter next) {
    this.router = Objects.requireNonNull(next, "next");
  }

  /**
   * Processes one packet; {@code reply} is called at most once, possibly on another thread, with
   * the bytes to send back. Dropped packets get no reply.
   */
  public void process(
      byte[] packet,
      Transport transport,
      InetSocketAddress client,
      InetSocketAddress server,
      Consumer<byte[]> reply) {
    long start = System.nanoTime();
    switch (QueryDecoder.decode(packet)) {
      case QueryDecoder.Dropped dropped -> events.dropped(transport, dropped.reason());
      case QueryDecoder.Rejected rejected -> {
        events.rejected(transport, rejected.rcode(), rejected.reason());
        reply.accept(rejected.response());
      }
      case QueryDecoder.Valid valid ->
          serve(valid.query(), transport, client, server, start, reply);
    }
  }

  /** An answer its listener could not send (its socket is not keeping up): reported as dropped. */
  public void unsent(Transport transport, String reason) {
    events.dropped(transport, reason);
  }

  private void serve(
      DnsQuery query,
      Transport transport,
      InetSocketAddress client,
      InetSocketAddress server,
      long start,
      Consumer<byte[]> reply) {
    Optional<ServerBlock> block = router.route(query.lowerName());
    if (block.isEmpty()) {
      // no zone of ours contains the name: CoreDNS refuses
      reply.accept(Responses.error(query, Rcode.REFUSED));
      return;
    }
    Request request = new Request(query, transport, client, server, start);
    inFlight.started();
    CompletableFuture<DnsResponse> answered;
    try {
      answered = block.get().chain().serve(request).toCompletableFuture();
    } catch (RuntimeException e) {
      answer(query, transport, null, e, reply);
      return;
    }
    DnsResponse now = DnsHandler.answeredNow(answered);
    if (now != null) {
      answer(query, transport, now, null, reply);
    } else {
      answered.whenComplete(
          (response, failure) -> answer(query, transport, response, failure, reply));
    }
  }

  private void answer(
      DnsQuery query,
      Transport transport,
      DnsResponse response,
      Throwable failure,
      Consumer<byte[]> reply) {
    try {
      reply.accept(finish(query, transport, response, failure));
    } finally {
      inFlight.finished();
    }
  }

  private byte[] finish(
      DnsQuery query, Transport transport, DnsResponse response, Throwable failure) {
    byte[] wire;
    if (failure != null || response == null) {
      // a handler broke its contract; the client still gets an answer and the listener lives on
      LOG.log(Level.SEVERE, "handler failed for " + query.name(), failure);
      events.handlerFailed(transport, failure);
      wire = Responses.error(query, Rcode.SERVFAIL);
    } else {
      wire = response.wire();
    }
    return transport == Transport.UDP ? Truncation.fitForUdp(wire, query) : wire;
  }
}
