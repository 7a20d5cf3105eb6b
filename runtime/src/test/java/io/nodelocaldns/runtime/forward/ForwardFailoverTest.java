package io.nodelocaldns.runtime.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.FakeUpstream;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.wire.Rcode;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** When upstreams fail, the next one answers; when all fail, SERVFAIL says why. */
class ForwardFailoverTest extends ForwardTestSupport {

  @Test
  void refusedUpstreamIsSkippedAtOnce() {
    InetSocketAddress nobody = FreePorts.loopback(FreePorts.udpAndTcp());
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(nobody, unbound.address()));

      DnsResponse response = serve(forward, "a.test.", Type.A);

      assertThat(addresses(response)).containsExactly("10.0.0.1");
      assertThat(events.events()).contains("failed 127.0.0.1:" + nobody.getPort() + " udp REFUSED");
    }
  }

  @Test
  void silentUpstreamIsSkippedAfterItsAttemptTimeout() {
    try (FakeUpstream silent = FakeUpstream.silent();
        UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(silent.address(), unbound.address()));

      DnsResponse response = serve(forward, "a.test.", Type.A);

      assertThat(addresses(response)).containsExactly("10.0.0.1");
      assertThat(events.events()).contains("failed " + label(silent.address()) + " udp TIMEOUT");
    }
  }

  @Test
  void silentUpstreamIsSkippedOverTcpToo() {
    try (FakeUpstream silent = FakeUpstream.silent();
        UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward =
          handler(TestConfig.forwardTo(silent.address(), unbound.address()).forceTcp());

      DnsResponse response = serve(forward, "a.test.", Type.A);

      assertThat(addresses(response)).containsExactly("10.0.0.1");
      assertThat(unbound.tcpQueries()).isEqualTo(1);
    }
  }

  @Test
  void everyUpstreamDeadGivesServfailNamingThem() {
    InetSocketAddress nobody = FreePorts.loopback(FreePorts.udpAndTcp());
    try (FakeUpstream silent = FakeUpstream.silent()) {
      ForwardHandler forward = handler(TestConfig.forwardTo(nobody, silent.address()));
      var query = TestQueries.query("Dead.Test.", Type.A);

      DnsResponse response = serve(forward, query, Transport.UDP);

      assertThat(response.rcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(TestQueries.parse(response.wire()).getHeader().getID()).isEqualTo(query.id());
      assertThat(response.failure())
          .startsWith("forward: ")
          .contains(label(nobody) + " udp: connection refused")
          .contains(label(silent.address()) + " udp: no response");
    }
  }

  @Test
  void answerWithAWrongIdIsDroppedAndTheRightOneAccepted() {
    try (FakeUpstream fake =
        FakeUpstream.udp(
            q ->
                List.of(
                    FakeUpstream.withId(
                        FakeUpstream.answer(q, "10.9.9.9"), q.getHeader().getID() ^ 0x0101),
                    FakeUpstream.answer(q, "10.0.0.7")))) {
      ForwardHandler forward = handler(TestConfig.forwardTo(fake.address()));

      assertThat(addresses(serve(forward, "a.test.", Type.A))).containsExactly("10.0.0.7");
    }
  }

  @Test
  void malformedAnswerCountsAsAFailureOfThatUpstream() {
    try (FakeUpstream broken =
            FakeUpstream.udp(
                q -> {
                  byte[] answer = FakeUpstream.answer(q, "10.9.9.9");
                  return List.of(Arrays.copyOf(answer, answer.length - 2));
                });
        UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(broken.address(), unbound.address()));

      assertThat(addresses(serve(forward, "a.test.", Type.A))).containsExactly("10.0.0.1");
      assertThat(events.events()).contains("failed " + label(broken.address()) + " udp MALFORMED");
    }
  }

  private static String label(InetSocketAddress address) {
    return "127.0.0.1:" + address.getPort();
  }
}
