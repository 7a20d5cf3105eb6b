package io.nodelocaldns.runtime.upstream;

import static io.nodelocaldns.runtime.upstream.UdpSocketPoolTest.addresses;
import static io.nodelocaldns.runtime.upstream.UdpSocketPoolTest.upstreamQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.testing.FakeUpstream;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class TcpConnectionPoolTest {
  private static final Duration GENEROUS = Duration.ofSeconds(10);
  private static final Duration LONG_EXPIRE = Duration.ofSeconds(30);
  private static final int PIPELINED_QUERIES = 200;

  private static EventLoopGroup group;
  private static UpstreamClient client;

  @BeforeAll
  static void startLoops() {
    group = NettyTransport.best().newGroup(2, "tcp-pool-test");
    client = new UpstreamClient(group, NettyTransport.best());
  }

  @AfterAll
  static void stopLoops() throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void answersOverTcp() throws Exception {
    try (UnboundServer unbound = UnboundServer.start("svc.cluster.local. 30 IN A 10.0.0.1");
        TcpConnectionPool pool = client.tcpPool(unbound.address(), LONG_EXPIRE)) {
      CanonicalResponse response =
          pool.exchange(upstreamQuery("svc.cluster.local.", Type.A), GENEROUS).get();

      assertThat(addresses(response)).containsExactly("10.0.0.1");
      assertThat(unbound.tcpQueries()).isEqualTo(1);
      assertThat(unbound.queries()).isEqualTo(1);
    }
  }

  @Test
  void manyConcurrentQueriesShareOneConnection() throws Exception {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < PIPELINED_QUERIES; i++) {
      records.add("h" + i + ".test. 30 IN A 10.0." + (i / 256) + "." + (i % 256));
    }
    try (UnboundServer unbound = UnboundServer.builder().localData(records).start();
        TcpConnectionPool pool = client.tcpPool(unbound.address(), LONG_EXPIRE)) {
      List<CompletableFuture<CanonicalResponse>> answers = new ArrayList<>();
      for (int i = 0; i < PIPELINED_QUERIES; i++) {
        answers.add(pool.exchange(upstreamQuery("h" + i + ".test.", Type.A), GENEROUS));
      }

      for (int i = 0; i < PIPELINED_QUERIES; i++) {
        assertThat(addresses(answers.get(i).get()))
            .containsExactly("10.0." + (i / 256) + "." + (i % 256));
      }
      assertThat(pool.connectionsOpened()).isEqualTo(1);
      assertThat(unbound.tcpQueries()).isEqualTo(PIPELINED_QUERIES);
    }
  }

  @Test
  void idleConnectionExpiresAndIsReopenedOnDemand() throws Exception {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1");
        TcpConnectionPool pool = client.tcpPool(unbound.address(), Duration.ofMillis(100))) {
      pool.exchange(upstreamQuery("a.test.", Type.A), GENEROUS).get();
      await().atMost(GENEROUS).until(() -> !pool.hasOpenConnection());

      CanonicalResponse again = pool.exchange(upstreamQuery("a.test.", Type.A), GENEROUS).get();

      assertThat(addresses(again)).containsExactly("10.0.0.1");
      assertThat(pool.connectionsOpened()).isEqualTo(2);
    }
  }

  @Test
  void upstreamRestartIsSurvivedOnANewConnection() throws Exception {
    int port;
    TcpConnectionPool pool;
    try (UnboundServer first = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      port = first.port();
      pool = client.tcpPool(first.address(), LONG_EXPIRE);
      pool.exchange(upstreamQuery("a.test.", Type.A), GENEROUS).get();
    }
    try (pool;
        UnboundServer second =
            UnboundServer.builder().port(port).localData("a.test. 30 IN A 10.0.0.2").start()) {
      CanonicalResponse response = pool.exchange(upstreamQuery("a.test.", Type.A), GENEROUS).get();

      assertThat(addresses(response)).containsExactly("10.0.0.2");
      assertThat(pool.connectionsOpened()).isEqualTo(2);
      assertThat(second.tcpQueries()).isEqualTo(1);
    }
  }

  @Test
  void refusedConnectionFails() {
    InetSocketAddress nobody = FreePorts.loopback(FreePorts.udpAndTcp());
    try (TcpConnectionPool pool = client.tcpPool(nobody, LONG_EXPIRE)) {
      assertThat(failureKind(pool, GENEROUS)).isEqualTo(UpstreamException.Kind.REFUSED);
    }
  }

  @Test
  void connectionClosedByTheUpstreamFailsTheQueriesOnIt() {
    try (FakeUpstream closing = FakeUpstream.tcp(q -> null);
        TcpConnectionPool pool = client.tcpPool(closing.address(), LONG_EXPIRE)) {
      assertThat(failureKind(pool, GENEROUS)).isEqualTo(UpstreamException.Kind.CLOSED);
    }
  }

  @Test
  void silentConnectionTimesOutAndIsClosed() {
    try (FakeUpstream silent = FakeUpstream.silent();
        TcpConnectionPool pool = client.tcpPool(silent.address(), LONG_EXPIRE)) {
      assertThat(failureKind(pool, Duration.ofMillis(200)))
          .isEqualTo(UpstreamException.Kind.TIMEOUT);
      // nothing came back at all, so the connection is presumed dead and not reused
      await().atMost(GENEROUS).until(() -> !pool.hasOpenConnection());
    }
  }

  @Test
  void unknownIdIsDroppedAndAnAnswerToAnotherQuestionFails() throws Exception {
    try (FakeUpstream fake =
            FakeUpstream.tcp(
                q ->
                    List.of(
                        FakeUpstream.withId(
                            FakeUpstream.answer(q, "10.9.9.9"), q.getHeader().getID() ^ 0x5A5A),
                        FakeUpstream.answer(q, "10.0.0.7")));
        TcpConnectionPool pool = client.tcpPool(fake.address(), LONG_EXPIRE)) {
      assertThat(addresses(pool.exchange(upstreamQuery("a.test.", Type.A), GENEROUS).get()))
          .containsExactly("10.0.0.7");
    }
    try (FakeUpstream fake =
            FakeUpstream.tcp(
                q ->
                    List.of(FakeUpstream.answer(q, FakeUpstream.name("other.test."), "10.8.8.8")));
        TcpConnectionPool pool = client.tcpPool(fake.address(), LONG_EXPIRE)) {
      assertThat(failureKind(pool, GENEROUS)).isEqualTo(UpstreamException.Kind.MALFORMED);
    }
  }

  private static UpstreamException.Kind failureKind(TcpConnectionPool pool, Duration timeout) {
    Throwable failure =
        catchThrowable(() -> pool.exchange(upstreamQuery("a.test.", Type.A), timeout).get());
    assertThat(UpstreamException.unwrap(failure)).isInstanceOf(UpstreamException.class);
    return ((UpstreamException) UpstreamException.unwrap(failure)).kind();
  }
}
