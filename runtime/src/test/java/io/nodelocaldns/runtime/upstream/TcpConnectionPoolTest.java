package io.nodelocaldns.runtime.upstream;

import static io.nodelocaldns.runtime.upstream.UdpSocketPoolTest.addresses;
import static io.nodelocaldns.runtime.upstream.UdpSocketPoolTest.upstreamQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.nodelocaldns.runtime.testing.FakeUpstream;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
  private static EventLoop loopA;
  private static EventLoop loopB;
  private static UpstreamClient client;

  @BeforeAll
  static void startLoops() {
    group = NettyTransport.best().newGroup(2, "tcp-pool-test");
    Iterator<EventExecutor> loops = group.iterator();
    loopA = (EventLoop) loops.next();
    loopB = (EventLoop) loops.next();
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

  @Test
  void queriesFromTwoEventLoopsUseOneConnectionEach() throws Exception {
    Map<String, String> ips =
        Map.of("a0.test.", "10.0.0.1", "a1.test.", "10.0.0.2", "b0.test.", "10.0.1.1");
    try (FakeUpstream fake =
            FakeUpstream.tcp(q -> List.of(FakeUpstream.answer(q, ips.get(nameOf(q)))));
        TcpConnectionPool pool = client.tcpPool(fake.address(), LONG_EXPIRE)) {
      assertThat(addresses(askFrom(loopA, pool, "a0.test.").get())).containsExactly("10.0.0.1");
      assertThat(addresses(askFrom(loopB, pool, "b0.test.").get())).containsExactly("10.0.1.1");
      assertThat(addresses(askFrom(loopA, pool, "a1.test.").get())).containsExactly("10.0.0.2");

      assertThat(fake.connections()).isEqualTo(2);
      assertThat(pool.connectionsOpened()).isEqualTo(2);
      assertThat(pool.hasOpenConnection()).isTrue();
    }
  }

  @Test
  void manyQueriesInFlightFromBothLoopsEachGetTheirOwnAnswer() throws Exception {
    List<String> records = new ArrayList<>();
    List<String> namesA = new ArrayList<>();
    List<String> namesB = new ArrayList<>();
    for (int i = 0; i < PIPELINED_QUERIES; i++) {
      records.add("a" + i + ".test. 30 IN A 10.1." + (i / 256) + "." + (i % 256));
      records.add("b" + i + ".test. 30 IN A 10.2." + (i / 256) + "." + (i % 256));
      namesA.add("a" + i + ".test.");
      namesB.add("b" + i + ".test.");
    }
    try (UnboundServer unbound = UnboundServer.builder().localData(records).start();
        TcpConnectionPool pool = client.tcpPool(unbound.address(), LONG_EXPIRE)) {
      List<CompletableFuture<CanonicalResponse>> answersA = askFrom(loopA, pool, namesA);
      List<CompletableFuture<CanonicalResponse>> answersB = askFrom(loopB, pool, namesB);

      for (int i = 0; i < PIPELINED_QUERIES; i++) {
        assertThat(addresses(answersA.get(i).get()))
            .containsExactly("10.1." + (i / 256) + "." + (i % 256));
        assertThat(addresses(answersB.get(i).get()))
            .containsExactly("10.2." + (i / 256) + "." + (i % 256));
      }
      assertThat(pool.connectionsOpened()).isEqualTo(2);
      assertThat(unbound.tcpQueries()).isEqualTo(2 * PIPELINED_QUERIES);
    }
  }

  @Test
  void idleConnectionsExpireOnEachLoopAndAreReopenedOnDemand() throws Exception {
    try (FakeUpstream fake = FakeUpstream.tcp(q -> List.of(FakeUpstream.answer(q, "10.0.0.1")));
        TcpConnectionPool pool = client.tcpPool(fake.address(), Duration.ofMillis(100))) {
      askFrom(loopA, pool, "a.test.").get();
      askFrom(loopB, pool, "b.test.").get();
      await().atMost(GENEROUS).until(() -> !pool.hasOpenConnection());

      assertThat(addresses(askFrom(loopA, pool, "a.test.").get())).containsExactly("10.0.0.1");
      assertThat(addresses(askFrom(loopB, pool, "b.test.").get())).containsExactly("10.0.0.1");
      assertThat(fake.connections()).isEqualTo(4);
      assertThat(pool.connectionsOpened()).isEqualTo(4);
    }
  }

  @Test
  void aReusedConnectionFoundClosedIsRetriedOnAFreshOneOnEachLoop() throws Exception {
    // the first query for a stale* name closes its connection, as a server that dropped an idle
    // connection without the client seeing it yet; the retry gets an answer
    Set<String> dropped = ConcurrentHashMap.newKeySet();
    try (FakeUpstream fake =
            FakeUpstream.tcp(
                q ->
                    nameOf(q).startsWith("stale") && dropped.add(nameOf(q))
                        ? null
                        : List.of(FakeUpstream.answer(q, "10.0.0.3")));
        TcpConnectionPool pool = client.tcpPool(fake.address(), LONG_EXPIRE)) {
      askFrom(loopA, pool, "a.test.").get();
      askFrom(loopB, pool, "b.test.").get();

      assertThat(addresses(askFrom(loopA, pool, "stale-a.test.").get()))
          .containsExactly("10.0.0.3");
      assertThat(addresses(askFrom(loopB, pool, "stale-b.test.").get()))
          .containsExactly("10.0.0.3");
      assertThat(fake.connections()).isEqualTo(4);
      assertThat(pool.connectionsOpened()).isEqualTo(4);
      assertThat(fake.queries()).isEqualTo(6);
    }
  }

  @Test
  void closingFailsTheQueriesWaitingOnEveryLoopAndTakesNoMore() {
    try (FakeUpstream silent = FakeUpstream.silent()) {
      TcpConnectionPool pool = client.tcpPool(silent.address(), LONG_EXPIRE);
      CompletableFuture<CanonicalResponse> onA = askFrom(loopA, pool, "a.test.");
      CompletableFuture<CanonicalResponse> onB = askFrom(loopB, pool, "b.test.");
      await().atMost(GENEROUS).until(() -> pool.connectionsOpened() == 2);

      pool.close();

      assertThat(UpstreamException.unwrap(catchThrowable(onA::get)))
          .isInstanceOf(UpstreamException.class);
      assertThat(UpstreamException.unwrap(catchThrowable(onB::get)))
          .isInstanceOf(UpstreamException.class);
      await().atMost(GENEROUS).until(() -> !pool.hasOpenConnection());
      assertThat(UpstreamException.unwrap(catchThrowable(askFrom(loopA, pool, "a.test.")::get)))
          .isInstanceOf(UpstreamException.class);
      assertThat(pool.connectionsOpened()).isEqualTo(2);
    }
  }

  /** Asks {@code name} from {@code loop}; fails if the answer completes on another thread. */
  private static CompletableFuture<CanonicalResponse> askFrom(
      EventLoop loop, TcpConnectionPool pool, String name) {
    return askFrom(loop, pool, List.of(name)).getFirst();
  }

  /** Asks every name from {@code loop} at once, all in flight together. */
  private static List<CompletableFuture<CanonicalResponse>> askFrom(
      EventLoop loop, TcpConnectionPool pool, List<String> names) {
    List<CompletableFuture<CanonicalResponse>> answers = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      answers.add(new CompletableFuture<>());
    }
    loop.execute(
        () -> {
          for (int i = 0; i < names.size(); i++) {
            CompletableFuture<CanonicalResponse> answer = answers.get(i);
            pool.exchange(upstreamQuery(names.get(i), Type.A), GENEROUS)
                .whenComplete(
                    (response, failure) -> {
                      if (!loop.inEventLoop()) {
                        answer.completeExceptionally(
                            new AssertionError(
                                "completed on "
                                    + Thread.currentThread()
                                    + ", not the asking loop"));
                      } else if (failure != null) {
                        answer.completeExceptionally(failure);
                      } else {
                        answer.complete(response);
                      }
                    });
          }
        });
    return answers;
  }

  private static String nameOf(org.xbill.DNS.Message query) {
    return query.getQuestion().getName().toString();
  }

  private static UpstreamException.Kind failureKind(TcpConnectionPool pool, Duration timeout) {
    Throwable failure =
        catchThrowable(() -> pool.exchange(upstreamQuery("a.test.", Type.A), timeout).get());
    assertThat(UpstreamException.unwrap(failure)).isInstanceOf(UpstreamException.class);
    return ((UpstreamException) UpstreamException.unwrap(failure)).kind();
  }
}
