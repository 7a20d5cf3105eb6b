package io.nodelocaldns.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nodelocaldns.runtime.cache.CacheConfig;
import io.nodelocaldns.runtime.cache.CacheHandler;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.server.ListenerEvents;
import io.nodelocaldns.runtime.server.QueryProcessor;
import io.nodelocaldns.runtime.server.ServerBlock;
import io.nodelocaldns.runtime.server.ZoneRouter;
import io.nodelocaldns.runtime.testing.MutableClock;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.QueryDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A packet through everything a listener does with it — decode, route by zone, the block's chain (a
 * real cache with {@code serve_stale}, then a stand-in upstream), UDP truncation — over UDP and
 * TCP, twice so that the second goes through the cache's hit path. Whatever the packet: no handler
 * fails (what CoreDNS counts as a panic), a dropped packet gets no reply, anything else exactly one
 * that answers it (ID, QR, its question as spelled) and fits the client's UDP limit.
 */
class QueryPathFuzzTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);

  private final MutableClock clock = MutableClock.create();
  private final CountingEvents events = new CountingEvents();
  private final CacheHandler cache = new CacheHandler(cacheConfig(), new StubUpstream(), clock);
  private final QueryProcessor processor =
      new QueryProcessor(
          new ZoneRouter(
              List.of(
                  new ServerBlock(List.of("cluster.local.", "com."), cache, List.of()),
                  new ServerBlock(List.of("arpa."), new StubUpstream(), List.of()))),
          events);

  @FuzzTest(maxDuration = FuzzBudget.DURATION)
  void serve(byte[] packet) {
    QueryDecoder.Result decoded = QueryDecoder.decode(packet);
    for (int round = 0; round < 2; round++) {
      for (Transport transport : Transport.values()) {
        List<byte[]> replies = process(packet, transport);
        check(decoded, transport, replies);
      }
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(events.handlerFailures).as("handler failures (panics)").isZero();
  }

  private List<byte[]> process(byte[] packet, Transport transport) {
    List<byte[]> replies = new ArrayList<>();
    // the stand-in upstream answers at once, so every reply has come when process returns
    processor.process(packet.clone(), transport, CLIENT, SERVER, replies::add);
    return replies;
  }

  private static void check(
      QueryDecoder.Result decoded, Transport transport, List<byte[]> replies) {
    switch (decoded) {
      case QueryDecoder.Dropped dropped -> assertThat(replies).as("replies").isEmpty();
      case QueryDecoder.Rejected rejected -> {
        assertThat(replies).hasSize(1);
        assertThat(replies.getFirst()).isEqualTo(rejected.response());
      }
      case QueryDecoder.Valid valid -> {
        assertThat(replies).hasSize(1);
        byte[] reply = replies.getFirst();
        WireChecks.answersQuery(reply, valid.query());
        WireChecks.parsesWithDnsjava(reply);
        if (transport == Transport.UDP) {
          assertThat(reply.length).as("UDP size").isLessThanOrEqualTo(valid.query().udpLimit());
        } else {
          assertThat(DnsFlags.flags(reply) & DnsFlags.TC).as("TC over TCP").isZero();
        }
      }
    }
  }

  private static CacheConfig cacheConfig() {
    return new CacheConfig(
        List.of("cluster.local.", "com."),
        new CacheConfig.Tier(1000, Duration.ofHours(1), Duration.ofSeconds(5), List.of()),
        new CacheConfig.Tier(1000, Duration.ofMinutes(30), Duration.ofSeconds(5), List.of()),
        Optional.of(new CacheConfig.Prefetch(2, Duration.ofMinutes(1), 10)),
        Optional.of(
            new CacheConfig.ServeStale(Duration.ofHours(1), CacheConfig.RefreshMode.IMMEDIATE)),
        CacheConfig.DEFAULT_SERVFAIL_TTL,
        false);
  }

  /** Counts what the listener reports; only handler failures matter here. */
  private static final class CountingEvents implements ListenerEvents {
    int handlerFailures;

    @Override
    public void dropped(Transport transport, String reason) {}

    @Override
    public void rejected(Transport transport, int rcode, String reason) {}

    @Override
    public void handlerFailed(Transport transport, Throwable failure) {
      handlerFailures++;
      throw new AssertionError("a handler failed", failure);
    }
  }
}
