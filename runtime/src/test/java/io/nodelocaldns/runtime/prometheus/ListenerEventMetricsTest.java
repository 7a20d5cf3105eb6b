package io.nodelocaldns.runtime.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.metrics.Histograms;
import io.nodelocaldns.runtime.metrics.ServerLabels;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.plugin.SharedResources;
import io.nodelocaldns.runtime.server.DnsServer;
import io.nodelocaldns.runtime.server.ListenAddress;
import io.nodelocaldns.runtime.server.ListenerEvents;
import io.nodelocaldns.runtime.server.ServerBlock;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * What listeners report, behind real listeners. Handlers that break their contract: the client gets
 * SERVFAIL, the query counts in {@code coredns_dns_responses_total} with no plugin, and {@code
 * coredns_panics_total} counts it (no real directive fails like this, hence the stub chain).
 * Garbage and responses are dropped and malformed queries rejected, each counted.
 */
class ListenerEventMetricsTest {
  private final RuntimeMetrics metrics = RuntimeMetrics.create();
  private final EventLoopGroup group = NettyTransport.best().newGroup(1, "panics-test");
  private DnsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    metrics.close();
  }

  @Test
  void throwingAndFailingHandlersAreCountedAsPanics() throws Exception {
    ListenAddress bound = start();

    DnsClient udp = DnsClient.udp(bound.socketAddress());
    assertThat(udp.query("throws.example.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(udp.query("fails.example.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);

    MetricsScrape scrape = MetricsScrape.parse(metrics.scrape());
    assertThat(scrape.value("coredns_panics_total", Map.of())).isEqualTo(2);
    assertThat(
            scrape.value(
                "coredns_dns_responses_total",
                Map.of(
                    "server",
                    bound.label(),
                    "zone",
                    "example.",
                    "view",
                    "",
                    "rcode",
                    "SERVFAIL",
                    "plugin",
                    "")))
        .isEqualTo(2);
  }

  @Test
  void droppedAndRejectedPacketsAreCounted() throws Exception {
    ListenAddress bound = start();
    InetSocketAddress to = bound.socketAddress();
    byte[] response = DnsClient.newQuery("example.", Type.A).toWire();
    response[2] |= (byte) 0x80; // QR=1: never answered, or two caches could loop
    byte[] truncatedQuestion = Arrays.copyOf(DnsClient.newQuery("example.", Type.A).toWire(), 15);
    try (DatagramSocket socket = new DatagramSocket()) {
      for (byte[] packet : List.of(new byte[] {1, 2, 3, 4, 5}, new byte[11], response)) {
        socket.send(new DatagramPacket(packet, packet.length, to));
      }
    }
    DnsClient udp = DnsClient.udp(to);
    assertThat(new Message(udp.exchange(truncatedQuestion)).getRcode()).isEqualTo(Rcode.FORMERR);
    // one socket on one event loop: once this is answered, every packet before it was handled
    assertThat(udp.query("throws.example.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);

    MetricsScrape scrape = MetricsScrape.parse(metrics.scrape());
    assertThat(scrape.value("nodelocaldns_dns_dropped_total", Map.of("proto", "udp"))).isEqualTo(3);
    assertThat(
            scrape.value(
                "nodelocaldns_dns_rejected_total", Map.of("proto", "udp", "rcode", "FORMERR")))
        .isEqualTo(1);
  }

  private ListenAddress start() {
    ServerConfig block =
        CorefileParser.parse("Corefile", "example:0 {\n bind 127.0.0.1\n}\n", Map.of())
            .servers()
            .get(0);
    DnsMetrics dns =
        new DnsMetrics(
            metrics.registry(),
            Histograms.of(metrics.registry(), new SharedResources()),
            ServerLabels.of(BindConfig.of(block).addresses()),
            block.zones());
    DnsHandler broken = new MetricsHandler(dns, new BrokenHandler());
    ListenAddress listen = new ListenAddress(InetAddress.getLoopbackAddress(), 0);
    server =
        DnsServer.start(
            List.of(new ServerBlock(block.zones(), broken, List.of(listen))),
            NettyTransport.best(),
            group,
            1,
            metrics.listenerEvents(ListenerEvents.LOGGING));
    return server.addresses().get(0);
  }

  @Test
  void failedReloadsAreCounted() {
    metrics.reloadFailed();
    assertThat(MetricsScrape.parse(metrics.scrape()).value("coredns_reload_failed_total", Map.of()))
        .isEqualTo(1);
  }

  /** Throws for "throws." names, fails its stage for the rest. */
  private static final class BrokenHandler implements DnsHandler {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public CompletionStage<DnsResponse> serve(Request request) {
      if (request.query().lowerName().startsWith("throws.")) {
        throw new IllegalStateException("broken on purpose");
      }
      return CompletableFuture.failedFuture(new IllegalStateException("failed on purpose"));
    }
  }
}
