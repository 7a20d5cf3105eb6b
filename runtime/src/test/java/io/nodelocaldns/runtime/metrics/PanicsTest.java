package io.nodelocaldns.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.corefile.CorefileParser;
import io.nodelocaldns.runtime.corefile.ServerConfig;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.server.DnsServer;
import io.nodelocaldns.runtime.server.ListenAddress;
import io.nodelocaldns.runtime.server.ListenerEvents;
import io.nodelocaldns.runtime.server.NettyTransport;
import io.nodelocaldns.runtime.server.ServerBlock;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Handlers that break their contract, behind real listeners: the client gets SERVFAIL, the query
 * counts in {@code coredns_dns_responses_total} with no plugin, and {@code coredns_panics_total}
 * counts it. No real directive fails like this, hence the stub chain.
 */
class PanicsTest {
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
    ServerConfig block =
        CorefileParser.parse("Corefile", "example:0 {\n bind 127.0.0.1\n}\n", Map.of())
            .servers()
            .get(0);
    DnsHandler broken = metrics.dnsHandler(block).create(new BrokenHandler());
    ListenAddress listen = new ListenAddress(InetAddress.getLoopbackAddress(), 0);
    server =
        DnsServer.start(
            List.of(new ServerBlock(block.zones(), broken, List.of(listen))),
            NettyTransport.best(),
            group,
            1,
            metrics.listenerEvents(ListenerEvents.LOGGING));
    ListenAddress bound = server.addresses().get(0);

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
