package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.DnsmasqServer;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.MutableClock;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The whole runtime, started from a Corefile, between real clients and a real upstream (unbound) on
 * loopback. Cache time is a {@link MutableClock}, so no test sleeps or times anything.
 */
class DnsRuntimeTest {
  private static final int BIG_ANSWER_RECORDS = 100;

  private static UnboundServer upstream;
  private final MutableClock clock = MutableClock.create();
  private DnsRuntime runtime;

  @BeforeAll
  static void startUpstream() {
    UnboundServer.assumeInstalled();
    List<String> big = new ArrayList<>();
    for (int i = 0; i < BIG_ANSWER_RECORDS; i++) {
      big.add("big.cluster.local. 30 IN A 10.1." + (i / 250) + "." + (i % 250 + 1));
    }
    upstream =
        UnboundServer.builder()
            .localZone("cluster.local.")
            .localZone("example.")
            .localData("kubernetes.default.svc.cluster.local. 300 IN A 10.96.0.1")
            .localData("short.cluster.local. 2 IN A 10.96.0.2")
            .localData("www.example. 120 IN A 192.0.2.10")
            .localData(big)
            .start();
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @BeforeEach
  void resetUpstreamCounters() {
    upstream.resetStatistics();
  }

  @AfterEach
  void stopRuntime() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private InetSocketAddress start(String corefile) {
    runtime =
        DnsRuntime.start(
            CorefileParser.parse("Corefile", corefile, Map.of()),
            RuntimeOptions.defaults().withClock(clock));
    return runtime.addresses().get(0).socketAddress();
  }

  private InetSocketAddress startNodeLocalStyle() {
    return start(
        """
        cluster.local:0 {
            bind 127.0.0.1
            errors
            cache {
                success 9984 30
                denial 9984 5
            }
            forward . %s {
                force_tcp
            }
        }
        """
            .formatted(hostPort(upstream.address())));
  }

  @Test
  void answersCorrectlyAndServesTheRepeatFromCache() throws Exception {
    InetSocketAddress dns = startNodeLocalStyle();
    Message first = DnsClient.udp(dns).query("kubernetes.default.svc.cluster.local.", Type.A);
    assertThat(first.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(first.getSection(Section.ANSWER))
        .singleElement()
        .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("10.96.0.1"));
    assertThat(first.getSection(Section.ANSWER).get(0).getTTL())
        .as("capped by success 30")
        .isEqualTo(30);
    assertThat(upstream.queries()).isEqualTo(1);

    Message again = DnsClient.udp(dns).query("kubernetes.default.svc.cluster.local.", Type.A);
    assertThat(again.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("10.96.0.1");
    assertThat(DnsClient.tcp(dns).query("kubernetes.default.svc.cluster.local.", Type.A).getRcode())
        .isZero();
    assertThat(upstream.queries()).as("repeats are served from cache").isEqualTo(1);
  }

  @Test
  void forceTcpSendsNothingOverUdpUpstream() throws Exception {
    InetSocketAddress dns = startNodeLocalStyle();
    for (String name :
        List.of(
            "kubernetes.default.svc.cluster.local.",
            "missing.cluster.local.",
            "big.cluster.local.")) {
      DnsClient.udp(dns).query(name, Type.A);
    }
    assertThat(upstream.queries()).isEqualTo(3);
    assertThat(upstream.tcpQueries()).isEqualTo(3);
    assertThat(upstream.udpQueries()).isZero();
  }

  @Test
  void ttlsAgeWhileCached() throws Exception {
    InetSocketAddress dns = startNodeLocalStyle();
    DnsClient.udp(dns).query("kubernetes.default.svc.cluster.local.", Type.A);
    clock.advanceSeconds(12);
    Message aged = DnsClient.udp(dns).query("kubernetes.default.svc.cluster.local.", Type.A);
    assertThat(aged.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(18);
    assertThat(upstream.queries()).isEqualTo(1);
  }

  @Test
  void nxdomainIsCachedForTheDenialTtlAndNoLonger() throws Exception {
    InetSocketAddress dns = startNodeLocalStyle();
    assertThat(DnsClient.udp(dns).query("nope.cluster.local.", Type.A).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    clock.advanceSeconds(4);
    Message cached = DnsClient.udp(dns).query("nope.cluster.local.", Type.A);
    assertThat(cached.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(cached.getSection(Section.AUTHORITY)).as("the SOA comes along").isNotEmpty();
    assertThat(upstream.queries()).isEqualTo(1);
    clock.advanceSeconds(2);
    assertThat(DnsClient.udp(dns).query("nope.cluster.local.", Type.A).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    assertThat(upstream.queries()).as("asked again after the 5 s denial TTL").isEqualTo(2);
  }

  @Test
  void denialWithoutSoaFromDnsmasqIsCachedFiveSeconds() throws Exception {
    DnsmasqServer.assumeInstalled();
    try (DnsmasqServer dnsmasq =
        DnsmasqServer.builder().hostRecord("known.lan", "192.0.2.44").start()) {
      InetSocketAddress dns =
          start(
              """
          lan:0 {
              bind 127.0.0.1
              cache 300
              forward . %s
          }
          """
                  .formatted(hostPort(dnsmasq.address())));
      Message first = DnsClient.udp(dns).query("unknown.lan.", Type.A);
      assertThat(first.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(first.getSection(Section.AUTHORITY)).as("dnsmasq sends no SOA").isEmpty();
      long asked = dnsmasq.queries();
      clock.advanceSeconds(4);
      DnsClient.udp(dns).query("unknown.lan.", Type.A);
      assertThat(dnsmasq.queries()).as("still cached at 4 s").isEqualTo(asked);
      clock.advanceSeconds(2);
      DnsClient.udp(dns).query("unknown.lan.", Type.A);
      assertThat(dnsmasq.queries()).as("the 5 s fail-safe TTL is over").isEqualTo(asked + 1);
    }
  }

  @Test
  void clientLetterCaseIsPreserved() throws Exception {
    InetSocketAddress dns = startNodeLocalStyle();
    DnsClient.udp(dns).query("kubernetes.default.svc.cluster.local.", Type.A);
    Message mixed = DnsClient.udp(dns).query("KuBeRnEtEs.DeFaUlT.sVc.ClUsTeR.lOcAl.", Type.A);
    assertThat(mixed.getQuestion().getName().toString())
        .isEqualTo("KuBeRnEtEs.DeFaUlT.sVc.ClUsTeR.lOcAl.");
    assertThat(mixed.getSection(Section.ANSWER)).hasSize(1);
    assertThat(upstream.queries()).isEqualTo(1);
  }

  @Test
  void largeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
    InetSocketAddress dns = startNodeLocalStyle();
    Message plainUdp =
        Message.newQuery(Record.newRecord(Name.fromString("big.cluster.local."), Type.A, 1));
    Message overUdp = DnsClient.udp(dns).send(plainUdp);
    assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
    Message overTcp = DnsClient.tcp(dns).query("big.cluster.local.", Type.A);
    assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(overTcp.getSection(Section.ANSWER)).hasSize(BIG_ANSWER_RECORDS);
  }

  @Test
  void largeUpstreamAnswerOverUdpIsFetchedAgainOverTcp() throws Exception {
    InetSocketAddress dns =
        start(
            """
        cluster.local:0 {
            bind 127.0.0.1
            forward . %s
        }
        """
                .formatted(hostPort(upstream.address())));
    Message overTcp = DnsClient.tcp(dns).send(plainUdpQuery("big.cluster.local."));
    assertThat(overTcp.getSection(Section.ANSWER)).hasSize(BIG_ANSWER_RECORDS);
    Message viaUdp = DnsClient.udp(dns).query("big.cluster.local.", Type.A);
    assertThat(viaUdp.getHeader().getFlag(Flags.TC)).as("1232-byte client limit").isTrue();
  }

  @Test
  void deadUpstreamIsSkippedForTheNextAndAllDeadGivesServfail() throws Exception {
    int refused = FreePorts.udpAndTcp();
    InetSocketAddress dns =
        start(
            """
        .:0 {
            bind 127.0.0.1
            forward . 127.0.0.1:%d %s {
                policy sequential
            }
        }
        """
                .formatted(refused, hostPort(upstream.address())));
    Message viaSecond = DnsClient.udp(dns).query("www.example.", Type.A);
    assertThat(viaSecond.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(viaSecond.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.10");
    runtime.close();

    InetSocketAddress allDead =
        start(
            """
        .:0 {
            bind 127.0.0.1
            forward . 127.0.0.1:%d
        }
        """
                .formatted(refused));
    assertThat(DnsClient.udp(allDead).query("www.example.", Type.A).getRcode())
        .isEqualTo(Rcode.SERVFAIL);
    runtime.close();
    runtime = null;
  }

  @Test
  void malformedPacketsDoNotStopService() throws Exception {
    InetSocketAddress dns = startNodeLocalStyle();
    Random random = new Random(11);
    try (DatagramSocket socket = new DatagramSocket()) {
      for (int i = 0; i < 1000; i++) {
        byte[] garbage = new byte[random.nextInt(100)];
        random.nextBytes(garbage);
        socket.send(new DatagramPacket(garbage, garbage.length, dns));
      }
    }
    assertThat(DnsClient.udp(dns).query("kubernetes.default.svc.cluster.local.", Type.A).getRcode())
        .isZero();
    assertThat(DnsClient.tcp(dns).query("kubernetes.default.svc.cluster.local.", Type.A).getRcode())
        .isZero();
  }

  @Test
  void longestZoneRoutesBetweenBlocksOnOnePort() throws Exception {
    int port = FreePorts.udpAndTcp();
    InetSocketAddress dns =
        start(
            """
        cluster.local:%1$d {
            bind 127.0.0.1
            forward . %2$s
        }
        .:%1$d {
            bind 127.0.0.1
        }
        """
                .formatted(port, hostPort(upstream.address())));
    assertThat(DnsClient.udp(dns).query("kubernetes.default.svc.cluster.local.", Type.A).getRcode())
        .isZero();
    assertThat(DnsClient.udp(dns).query("www.example.", Type.A).getRcode())
        .as("the root block has no forward: nothing answers")
        .isEqualTo(Rcode.SERVFAIL);
  }

  private static Message plainUdpQuery(String name) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1));
  }

  private static String hostPort(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
