package io.nodelocaldns.runtime.prometheus;

import io.micrometer.core.instrument.MeterRegistry;
import io.nodelocaldns.runtime.metrics.Histograms;
import io.nodelocaldns.runtime.metrics.Labels;
import io.nodelocaldns.runtime.metrics.MeterSlots;
import io.nodelocaldns.runtime.metrics.ServerLabels;
import io.nodelocaldns.runtime.metrics.ZoneMeters;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.DnsNames;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;
import io.nodelocaldns.runtime.wire.Truncation;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@code coredns_dns_*} metrics of one server block with {@code prometheus}: every answered
 * query counted by the listener it arrived on ({@code server}) and the block's zone that contains
 * its name ({@code zone}, the longest).
 */
final class DnsMetrics {
  /** CoreDNS's zone label when no zone of the block matches (cannot happen once routed). */
  private static final String ROOT = ".";

  private final MeterRegistry registry;
  private final Histograms histograms;
  private final ServerLabels servers;

  /** The block's zones, longest first, so the first containing a name is the best match. */
  private final String[] zones;

  private final ConcurrentHashMap<InetSocketAddress, MeterSlots<ZoneMeters>> byServer =
      new ConcurrentHashMap<>();
  private final Function<InetSocketAddress, MeterSlots<ZoneMeters>> newServer = this::serverSlots;

  DnsMetrics(
      MeterRegistry registry, Histograms histograms, ServerLabels servers, List<String> zones) {
    this.registry = registry;
    this.histograms = histograms;
    this.servers = servers;
    this.zones =
        zones.stream()
            .map(DnsNames::normalize)
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toArray(String[]::new);
  }

  /**
   * Records {@code request} and its answer; {@code response} null means a handler failed and the
   * listener answers SERVFAIL on its own.
   */
  void report(Request request, DnsResponse response) {
    DnsQuery query = request.query();
    long duration = System.nanoTime() - request.startNanos();
    int rcode;
    String plugin;
    int size;
    if (response == null) {
      rcode = Rcode.SERVFAIL;
      plugin = DnsResponse.NO_PLUGIN;
      size = Responses.error(query, Rcode.SERVFAIL).length;
    } else {
      rcode = response.rcode();
      plugin = response.plugin();
      size = response.size();
    }
    if (request.transport() == Transport.UDP) {
      size = Truncation.udpLength(size, query); // what the client receives
    }
    meters(request.server(), query)
        .record(
            request.transport(),
            Labels.familyIndex(request.client()),
            query.qtype(),
            query.dnssecOk(),
            query.wire().length,
            duration,
            rcode,
            plugin,
            size);
  }

  private ZoneMeters meters(InetSocketAddress server, DnsQuery query) {
    MeterSlots<ZoneMeters> slots = byServer.get(server);
    if (slots == null) {
      slots = byServer.computeIfAbsent(server, newServer);
    }
    return slots.get(zoneIndex(query));
  }

  private int zoneIndex(DnsQuery query) {
    if (zones.length == 1) {
      return 0;
    }
    String name = query.lowerName();
    for (int i = 0; i < zones.length; i++) {
      if (DnsNames.isInZone(name, zones[i])) {
        return i;
      }
    }
    return zones.length; // the extra slot: "."
  }

  private MeterSlots<ZoneMeters> serverSlots(InetSocketAddress server) {
    String label = servers.label(server);
    return new MeterSlots<>(
        zones.length + 1,
        i -> new ZoneMeters(registry, histograms, label, i < zones.length ? zones[i] : ROOT));
  }
}
