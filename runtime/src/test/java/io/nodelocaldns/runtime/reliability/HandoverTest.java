package io.nodelocaldns.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.DnsRuntime;
import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.HttpGet;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A rolling restart's overlap in one JVM: two runtimes on the same Corefile bind the same DNS and
 * HTTP (health, ready, metrics) addresses at once through SO_REUSEPORT, and the second keeps
 * answering on them after the first shuts down.
 */
class HandoverTest {
  private static UnboundServer upstream;

  @BeforeAll
  static void startUpstream() {
    Assumptions.assumeTrue(
        NettyTransport.best().supportsReusePort(), "SO_REUSEPORT needs the epoll transport");
    UnboundServer.assumeInstalled();
    upstream =
        UnboundServer.builder()
            .localZone("example.")
            .localData("www.example. 300 IN A 192.0.2.10")
            .start();
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void twoRuntimesShareTheAddressesAndTheSecondAnswersAfterTheFirstShutsDown() throws Exception {
    int dns = FreePorts.udpAndTcp();
    int health = FreePorts.udpAndTcp();
    int ready = FreePorts.udpAndTcp();
    int metrics = FreePorts.udpAndTcp();
    Corefile corefile =
        CorefileParser.parse(
            "Corefile",
            """
            .:%d {
                bind 127.0.0.1
                health 127.0.0.1:%d {
                    lameduck 200ms
                }
                ready 127.0.0.1:%d
                prometheus 127.0.0.1:%d
                forward . 127.0.0.1:%d
            }
            """
                .formatted(dns, health, ready, metrics, upstream.port()),
            Map.of());
    InetSocketAddress server = FreePorts.loopback(dns);
    DnsRuntime first = DnsRuntime.start(corefile, RuntimeOptions.defaults());
    try (DnsRuntime second = DnsRuntime.start(corefile, RuntimeOptions.defaults())) {
      assertThat(second.addresses()).isEqualTo(first.addresses());
      for (int port : new int[] {health, ready, metrics}) {
        assertThat(first.httpAddress(FreePorts.loopback(port)).getPort()).isEqualTo(port);
        assertThat(second.httpAddress(FreePorts.loopback(port)).getPort()).isEqualTo(port);
      }
      assertAnswers(server);
      assertThat(DnsClient.tcp(server).query("www.example.", Type.A).getRcode())
          .isEqualTo(Rcode.NOERROR);

      first.shutdown();

      for (int i = 0; i < 20; i++) {
        assertAnswers(server);
      }
      assertThat(DnsClient.tcp(server).query("www.example.", Type.A).getRcode())
          .isEqualTo(Rcode.NOERROR);
      assertThat(HttpGet.status(FreePorts.loopback(health), "/health")).isEqualTo(200);
      assertThat(HttpGet.status(FreePorts.loopback(ready), "/ready")).isEqualTo(200);
      assertThat(HttpGet.status(FreePorts.loopback(metrics), "/metrics")).isEqualTo(200);
    } finally {
      first.close();
    }
  }

  private static void assertAnswers(InetSocketAddress server) throws Exception {
    Message answer = DnsClient.udp(server).query("www.example.", Type.A);
    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
  }
}
