package io.nodelocaldns.runtime.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.testing.FakeUpstream;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.Rcode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class UdpSocketPoolTest {
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  private static EventLoopGroup group;

  /** Exchanges through a pool to each upstream, as an {@link Upstream} holds one. */
  private final Pools udp = new Pools();

  @BeforeAll
  static void startLoops() {
    group = NettyTransport.best().newGroup(1, "udp-socket-pool-test");
  }

  @AfterEach
  void closePools() {
    udp.close();
  }

  /** One pool per upstream address, closed after each test. */
  private static final class Pools implements AutoCloseable {
    private final Map<InetSocketAddress, UdpSocketPool> pools = new HashMap<>();

    CompletableFuture<CanonicalResponse> exchange(
        InetSocketAddress upstream, DnsQuery query, Duration timeout) {
      return pools
          .computeIfAbsent(upstream, a -> new UdpSocketPool(group, NettyTransport.best(), a))
          .exchange(query, timeout);
    }

    @Override
    public void close() {
      pools.values().forEach(UdpSocketPool::close);
    }
  }

  @AfterAll
  static void stopLoops() throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void answersFromUnbound() throws Exception {
    try (UnboundServer unbound = UnboundServer.start("svc.cluster.local. 30 IN A 10.0.0.1")) {
      CanonicalResponse response =
          udp.exchange(unbound.address(), upstreamQuery("Svc.Cluster.Local.", Type.A), GENEROUS)
              .get();

      assertThat(response.kind()).isEqualTo(CanonicalResponse.Kind.SUCCESS);
      assertThat(addresses(response)).containsExactly("10.0.0.1");
      assertThat(unbound.udpQueries()).isEqualTo(1);
    }
  }

  @Test
  void nxdomainCarriesTheSoa() throws Exception {
    try (UnboundServer unbound = UnboundServer.builder().localZone("cluster.local.").start()) {
      CanonicalResponse response =
          udp.exchange(unbound.address(), upstreamQuery("nope.cluster.local.", Type.A), GENEROUS)
              .get();

      assertThat(response.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(response.kind()).isEqualTo(CanonicalResponse.Kind.NAME_ERROR);
      assertThat(response.ttl()).isEqualTo(UnboundServer.SOA_TTL);
      assertThat(TestQueries.parse(response.wire()).getSection(Section.AUTHORITY))
          .extracting(Record::getType)
          .containsExactly(Type.SOA);
    }
  }

  @Test
  void refusedPortFailsWithoutWaitingForTheTimeout() {
    var nobody = FreePorts.loopback(FreePorts.udpAndTcp());

    Throwable failure =
        catchThrowable(
            () -> udp.exchange(nobody, upstreamQuery("a.test.", Type.A), GENEROUS).get());

    // a timeout would have been TIMEOUT, after 10 s; the ICMP error makes it REFUSED at once
    assertThat(UpstreamException.unwrap(failure))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> assertThat(e.kind()).isEqualTo(UpstreamException.Kind.REFUSED));
  }

  @Test
  void silentUpstreamTimesOut() {
    try (FakeUpstream silent = FakeUpstream.silent()) {
      Throwable failure =
          catchThrowable(
              () ->
                  udp.exchange(
                          silent.address(),
                          upstreamQuery("a.test.", Type.A),
                          Duration.ofMillis(200))
                      .get());

      assertThat(UpstreamException.unwrap(failure))
          .isInstanceOfSatisfying(
              UpstreamException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
                assertThat(e.getMessage())
                    .startsWith("127.0.0.1:" + silent.address().getPort() + " udp:");
              });
    }
  }

  @Test
  void dropsAnswersWithAWrongIdOrQuestionAndTakesTheRightOne() throws Exception {
    try (FakeUpstream fake =
        FakeUpstream.udp(
            q ->
                List.of(
                    FakeUpstream.withId(
                        FakeUpstream.answer(q, "10.9.9.9"), q.getHeader().getID() ^ 0x5A5A),
                    FakeUpstream.answer(q, FakeUpstream.name("other.test."), "10.8.8.8"),
                    FakeUpstream.answer(q, "10.0.0.7")))) {
      CanonicalResponse response =
          udp.exchange(fake.address(), upstreamQuery("a.test.", Type.A), GENEROUS).get();

      assertThat(addresses(response)).containsExactly("10.0.0.7");
    }
  }

  @Test
  void malformedResponseWithOurIdFails() {
    try (FakeUpstream fake =
        FakeUpstream.udp(
            q -> {
              byte[] answer = FakeUpstream.answer(q, "10.0.0.7");
              return List.of(Arrays.copyOf(answer, answer.length - 3));
            })) {
      Throwable failure =
          catchThrowable(
              () -> udp.exchange(fake.address(), upstreamQuery("a.test.", Type.A), GENEROUS).get());

      assertThat(UpstreamException.unwrap(failure))
          .isInstanceOfSatisfying(
              UpstreamException.class,
              e -> assertThat(e.kind()).isEqualTo(UpstreamException.Kind.MALFORMED));
    }
  }

  @Test
  void sendsTheQuestionLowerCasedWithEdnsTheClientsDoBitAndARandomId() throws Exception {
    List<Message> received = new CopyOnWriteArrayList<>();
    try (FakeUpstream fake =
        FakeUpstream.udp(
            q -> {
              received.add(q);
              return List.of(FakeUpstream.answer(q, "10.0.0.7"));
            })) {
      Message client = io.nodelocaldns.runtime.testing.DnsClient.newQuery("MiXeD.Test.", Type.A);
      client.getHeader().setFlag(Flags.CD);
      client.getOPT(); // EDNS present, DO clear
      DnsQuery query = UpstreamQuery.of(TestQueries.decode(client));
      udp.exchange(fake.address(), query, GENEROUS).get();
      udp.exchange(fake.address(), query, GENEROUS).get();

      Message sent = received.getFirst();
      assertThat(sent.getQuestion().getName().toString()).isEqualTo("mixed.test.");
      assertThat(sent.getHeader().getFlag(Flags.RD)).isTrue();
      assertThat(sent.getHeader().getFlag(Flags.CD)).isTrue();
      assertThat(sent.getOPT()).isNotNull();
      assertThat(sent.getOPT().getPayloadSize()).isEqualTo(1232);
      assertThat(sent.getOPT().getFlags() & 0x8000).isZero();
      // two draws from 65536 IDs: equal once in 65536 runs
      assertThat(received.get(1).getHeader().getID()).isNotEqualTo(sent.getHeader().getID());
    }
  }

  /**
   * Ports keep moving: a socket carries at most {@link UdpSocketPool#QUERIES_PER_SOCKET} queries
   * before a fresh one (a new kernel-chosen port) replaces it, and queries are spread over several
   * sockets at random.
   */
  @Test
  void sourcePortsRotateAndNoPortCarriesMoreThanItsShare() throws Exception {
    try (FakeUpstream fake = FakeUpstream.udp(q -> List.of(FakeUpstream.answer(q, "10.0.0.7")))) {
      int queries = 10 * UdpSocketPool.QUERIES_PER_SOCKET;
      for (int i = 0; i < queries; i++) {
        assertThat(
                addresses(
                    udp.exchange(fake.address(), upstreamQuery("a.test.", Type.A), GENEROUS).get()))
            .containsExactly("10.0.0.7");
      }

      Map<Integer, Long> perPort =
          fake.sourcePorts().stream()
              .collect(Collectors.groupingBy(port -> port, Collectors.counting()));
      assertThat(perPort.values())
          .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(UdpSocketPool.QUERIES_PER_SOCKET));
      assertThat(perPort).hasSizeGreaterThan(queries / UdpSocketPool.QUERIES_PER_SOCKET);
      assertThat(Set.copyOf(fake.sourcePorts().subList(0, 32)))
          .as("the first queries already use several sockets")
          .hasSizeGreaterThan(1);
    }
  }

  /** Many queries in flight at once on the pool's sockets: each gets its own answer. */
  @Test
  void manyQueriesInFlightAtOnceEachGetTheirOwnAnswer() throws Exception {
    try (FakeUpstream fake =
        FakeUpstream.udp(
            q -> {
              String label = q.getQuestion().getName().getLabelString(0);
              return List.of(
                  FakeUpstream.answer(
                      q, "10.0." + (Integer.parseInt(label.substring(1)) % 250) + ".1"));
            })) {
      List<CompletableFuture<CanonicalResponse>> all = new ArrayList<>();
      for (int i = 0;
          i < 200;
          i++) { // as many as dnsperf keeps outstanding; the fake drops beyond its buffer
        all.add(udp.exchange(fake.address(), upstreamQuery("q" + i + ".test.", Type.A), GENEROUS));
      }
      for (int i = 0; i < all.size(); i++) {
        assertThat(addresses(all.get(i).get())).containsExactly("10.0." + (i % 250) + ".1");
      }
    }
  }

  /** Closed with queries in flight (a reload retiring the upstream): they fail, none hangs. */
  @Test
  void closingFailsWhatIsInFlight() {
    try (FakeUpstream silent = FakeUpstream.silent()) {
      UdpSocketPool pool = new UdpSocketPool(group, NettyTransport.best(), silent.address());
      CompletableFuture<CanonicalResponse> inFlight =
          pool.exchange(upstreamQuery("a.test.", Type.A), GENEROUS);
      pool.close();

      assertThat(UpstreamException.unwrap(catchThrowable(inFlight::get)))
          .isInstanceOf(UpstreamException.class);
      assertThat(
              UpstreamException.unwrap(
                  catchThrowable(
                      () -> pool.exchange(upstreamQuery("b.test.", Type.A), GENEROUS).get())))
          .isInstanceOf(UpstreamException.class)
          .hasMessageContaining("upstream closed");
    }
  }

  static DnsQuery upstreamQuery(String name, int type) {
    return UpstreamQuery.of(TestQueries.query(name, type));
  }

  static List<String> addresses(CanonicalResponse response) {
    return TestQueries.parse(response.wire()).getSection(Section.ANSWER).stream()
        .filter(ARecord.class::isInstance)
        .map(r -> ((ARecord) r).getAddress().getHostAddress())
        .toList();
  }
}
