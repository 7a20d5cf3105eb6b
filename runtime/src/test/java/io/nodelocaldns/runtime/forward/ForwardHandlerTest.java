package io.nodelocaldns.runtime.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.DnsmasqServer;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.Rcode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Answers through the forward handler from a real unbound, over each transport. */
class ForwardHandlerTest extends ForwardTestSupport {
  private static final int LARGE_ANSWER_RECORDS = 100;

  @Test
  void answersWithTheClientsIdAndSpelling() {
    try (UnboundServer unbound = UnboundServer.start("svc.cluster.local. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(unbound.address()));
      DnsQuery query = TestQueries.query("SvC.Cluster.LOCAL.", Type.A);

      DnsResponse response = serve(forward, query, Transport.UDP);

      assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(response.failure()).isNull();
      assertThat(addresses(response)).containsExactly("10.0.0.1");
      assertThat(parse(response).getHeader().getID()).isEqualTo(query.id());
      assertThat(Arrays.copyOfRange(response.wire(), 12, query.questionEnd()))
          .isEqualTo(Arrays.copyOfRange(query.wire(), 12, query.questionEnd()));
      assertThat(parse(response).getOPT()).isNotNull();
    }
  }

  @Test
  void nxdomainCarriesTheSoa() {
    try (UnboundServer unbound = UnboundServer.builder().localZone("cluster.local.").start()) {
      ForwardHandler forward = handler(TestConfig.forwardTo(unbound.address()));

      DnsResponse response = serve(forward, "nope.cluster.local.", Type.A);

      assertThat(response.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(parse(response).getSection(Section.AUTHORITY))
          .extracting(r -> r.getType(), r -> r.getName().toString())
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Type.SOA, "cluster.local."));
    }
  }

  @Test
  void usesTheClientsTransport() {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(unbound.address()));

      assertThat(addresses(serve(forward, TestQueries.query("a.test.", Type.A), Transport.TCP)))
          .containsExactly("10.0.0.1");
      assertThat(unbound.tcpQueries()).isEqualTo(1);
      assertThat(addresses(serve(forward, TestQueries.query("a.test.", Type.A), Transport.UDP)))
          .containsExactly("10.0.0.1");
      assertThat(unbound.udpQueries()).isEqualTo(1);
    }
  }

  @Test
  void forceTcpSendsNothingOverUdp() {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(unbound.address()).forceTcp());
      for (String name : List.of("a.test.", "b.test.", "c.test.")) {
        serve(forward, TestQueries.query(name, Type.A), Transport.UDP);
      }

      assertThat(unbound.queries()).isEqualTo(3);
      assertThat(unbound.tcpQueries()).isEqualTo(3);
      assertThat(events.events()).allMatch(e -> !e.contains(" udp"));
    }
  }

  @Test
  void preferUdpAsksOverUdpEvenForTcpClients() {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(unbound.address()).preferUdp());

      assertThat(addresses(serve(forward, TestQueries.query("a.test.", Type.A), Transport.TCP)))
          .containsExactly("10.0.0.1");
      assertThat(unbound.tcpQueries()).isZero();
      assertThat(unbound.queries()).isEqualTo(1);
    }
  }

  @Test
  void truncatedUdpAnswerIsAskedAgainOverTcpAndReturnedWhole() {
    List<String> records = new ArrayList<>();
    for (int i = 1; i <= LARGE_ANSWER_RECORDS; i++) {
      records.add("big.test. 30 IN A 10.1.0." + i);
    }
    try (UnboundServer unbound = UnboundServer.builder().localData(records).start()) {
      ForwardHandler forward = handler(TestConfig.forwardTo(unbound.address()));

      DnsResponse response = serve(forward, "big.test.", Type.A);

      assertThat(response.size()).isGreaterThan(1232);
      assertThat(addresses(response)).hasSize(LARGE_ANSWER_RECORDS);
      assertThat(response.flags() & 0x0200).as("TC").isZero();
      assertThat(unbound.udpQueries()).isEqualTo(1);
      assertThat(unbound.tcpQueries()).isEqualTo(1);
    }
  }

  @Test
  void clientWithoutEdnsGetsNoOptRecord() throws Exception {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(unbound.address()));
      Message plain =
          Message.newQuery(
              Record.newRecord(
                  org.xbill.DNS.Name.fromString("a.test."), Type.A, org.xbill.DNS.DClass.IN));

      DnsResponse response = serve(forward, TestQueries.decode(plain), Transport.UDP);

      assertThat(addresses(response)).containsExactly("10.0.0.1");
      assertThat(parse(response).getOPT()).isNull();
    }
  }

  @Test
  void anUpstreamsErrorAnswerIsReturnedAsIsWithoutTryingTheNext() {
    try (UnboundServer refusing =
            UnboundServer.builder().serverOption("local-zone: \"refused.test.\" refuse").start();
        UnboundServer other = UnboundServer.start("x.refused.test. 30 IN A 10.0.0.9")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(refusing.address(), other.address()));

      DnsResponse response = serve(forward, "x.refused.test.", Type.A);

      assertThat(response.rcode()).isEqualTo(Rcode.REFUSED);
      assertThat(response.failure()).isNull();
      assertThat(other.queries()).isZero();
    }
  }

  @Test
  void negativeAnswerWithoutSoaFromDnsmasqIsReturnedAsIs() {
    try (DnsmasqServer dnsmasq = DnsmasqServer.builder().localZone("cluster.local.").start()) {
      ForwardHandler forward = handler(TestConfig.forwardTo(dnsmasq.address()));

      DnsResponse response = serve(forward, "nope.cluster.local.", Type.A);

      assertThat(response.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(response.failure()).isNull();
      assertThat(parse(response).getSection(Section.AUTHORITY)).isEmpty();
    }
  }
}
