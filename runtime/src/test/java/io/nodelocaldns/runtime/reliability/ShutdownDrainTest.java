package io.nodelocaldns.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.DnsRuntime;
import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.SlowUpstream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * A shutdown (SIGTERM, or a predecessor handing over to a successor) stops taking queries, lets
 * those in flight be answered, and only then closes connections and upstreams: a miss in flight
 * gets its answer over its TCP connection, not a SERVFAIL from an upstream closed under it.
 */
class ShutdownDrainTest {
  @Test
  void aMissInFlightAtShutdownIsAnswered() throws Exception {
    try (SlowUpstream upstream = SlowUpstream.start(query -> Duration.ofMillis(500))) {
      int dns = FreePorts.udpAndTcp();
      String corefile =
          """
          .:%d {
              bind 127.0.0.1
              errors
              forward . 127.0.0.1:%d {
                  prefer_udp
              }
          }
          """
              .formatted(dns, upstream.address().getPort());
      DnsRuntime runtime =
          DnsRuntime.start(
              CorefileParser.parse("Corefile", corefile, Map.of()), RuntimeOptions.defaults());
      DnsClient tcp = DnsClient.tcp(FreePorts.loopback(dns));
      CompletableFuture<Message> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return tcp.query("slow.example.", Type.A);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      while (upstream.queries() == 0) {
        Thread.onSpinWait(); // the miss reached the upstream, which holds it for 500 ms
      }

      runtime.close();

      Message message = answer.get();
      assertThat(Rcode.string(message.getRcode())).isEqualTo("NOERROR");
      assertThat(message.getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
    }
  }
}
