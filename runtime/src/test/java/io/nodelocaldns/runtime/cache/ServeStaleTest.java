package io.nodelocaldns.runtime.cache;

import static io.nodelocaldns.runtime.cache.TestQueries.a;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** {@code serve_stale 1m immediate|verify} on answers stored for 30 s. */
class ServeStaleTest extends CacheFixture {
  private static final Duration STALE_FOR = Duration.ofMinutes(1);

  @Test
  void immediateAnswersFromTheExpiredEntryWithTtlZeroAndRefreshesIt() {
    CacheHandler cache = handler(stale(CacheConfig.RefreshMode.IMMEDIATE));
    ask(cache, a("example.com."));
    next.hold().answer(UpstreamAnswers.a("192.0.2.2", 30));

    clock.advanceSeconds(40);
    Message stale = ask(cache, a("example.com."));
    Message stillStale = ask(cache, a("example.com."));

    assertThat(address(stale)).isEqualTo("192.0.2.1");
    assertThat(ttls(stale)).containsExactly(0L);
    assertThat(address(stillStale)).isEqualTo("192.0.2.1");
    assertThat(next.calls()).isEqualTo(2); // one refresh for both stale answers

    next.release();
    Message fresh = ask(cache, a("example.com."));
    assertThat(address(fresh)).isEqualTo("192.0.2.2");
    assertThat(ttls(fresh)).containsExactly(30L);
    assertThat(next.calls()).isEqualTo(2);
    assertThat(events.all())
        .containsExactly("miss", "stale:success", "prefetch", "stale:success", "hit:success");
  }

  @Test
  void immediateKeepsServingTheStaleEntryWhileTheUpstreamFails() {
    CacheHandler cache = handler(stale(CacheConfig.RefreshMode.IMMEDIATE));
    ask(cache, a("example.com."));
    upstream(UpstreamAnswers.rcode(Rcode.SERVFAIL));

    clock.advanceSeconds(40);
    Message first = ask(cache, a("example.com."));
    Message second = ask(cache, a("example.com."));

    assertThat(address(first)).isEqualTo("192.0.2.1");
    assertThat(address(second)).isEqualTo("192.0.2.1");
    assertThat(ttls(second)).containsExactly(0L);
    assertThat(next.calls()).isEqualTo(3); // each stale answer tried a refresh
  }

  @Test
  void verifyAnswersWithTheUpstreamsFreshAnswerAndStoresIt() {
    CacheHandler cache = handler(stale(CacheConfig.RefreshMode.VERIFY));
    ask(cache, a("example.com."));
    upstream(UpstreamAnswers.a("192.0.2.2", 30));

    clock.advanceSeconds(40);
    Message verified = ask(cache, a("example.com."));
    Message hit = ask(cache, a("example.com."));

    assertThat(address(verified)).isEqualTo("192.0.2.2");
    assertThat(ttls(verified)).containsExactly(30L);
    assertThat(address(hit)).isEqualTo("192.0.2.2");
    assertThat(next.calls()).isEqualTo(2);
    assertThat(events.all()).containsExactly("miss", "miss", "hit:success");
  }

  @Test
  void verifyTakesAnNxdomainFromTheUpstream() {
    CacheHandler cache = handler(stale(CacheConfig.RefreshMode.VERIFY));
    ask(cache, a("gone.example.com."));
    upstream(UpstreamAnswers.nxdomain(60, 10));

    clock.advanceSeconds(40);
    Message verified = ask(cache, a("gone.example.com."));

    assertThat(verified.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(cache.cache().size(CacheTier.SUCCESS)).isZero();
    assertThat(cache.cache().size(CacheTier.DENIAL)).isEqualTo(1);
  }

  @Test
  void verifyFallsBackToTheStaleEntryOnServfailWithoutCachingIt() {
    CacheHandler cache = handler(stale(CacheConfig.RefreshMode.VERIFY));
    ask(cache, a("example.com."));
    upstream(UpstreamAnswers.rcode(Rcode.SERVFAIL));

    clock.advanceSeconds(40);
    Message first = ask(cache, a("example.com."));
    Message second = ask(cache, a("example.com."));

    assertThat(first.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(address(first)).isEqualTo("192.0.2.1");
    assertThat(ttls(first)).containsExactly(0L);
    assertThat(address(second)).isEqualTo("192.0.2.1");
    assertThat(next.calls()).isEqualTo(3); // verified each time: the SERVFAIL was not cached
    assertThat(events.all()).containsExactly("miss", "stale:success", "stale:success");
  }

  @Test
  void verifyFallsBackToTheStaleEntryWhenTheUpstreamStageFails() {
    CacheHandler cache = handler(stale(CacheConfig.RefreshMode.VERIFY));
    ask(cache, a("example.com."));
    next.failStage(new IllegalStateException("upstream timed out"));

    clock.advanceSeconds(40);
    Message answer = ask(cache, a("example.com."));

    assertThat(address(answer)).isEqualTo("192.0.2.1");
    assertThat(ttls(answer)).containsExactly(0L);
  }

  @Test
  void verifyFallsBackToTheStaleEntryWhenTheChainSynthesizedAFailure() {
    CacheHandler cache = handler(stale(CacheConfig.RefreshMode.VERIFY));
    ask(cache, a("example.com."));
    next.answerWithFailure(UpstreamAnswers.rcode(Rcode.SERVFAIL), "forward: no healthy upstream");

    clock.advanceSeconds(40);
    Message answer = ask(cache, a("example.com."));

    assertThat(address(answer)).isEqualTo("192.0.2.1");
  }

  @Test
  void anEntryExpiredLongerThanTheStaleWindowIsAMissAndIsRemoved() {
    CacheHandler cache = handler(stale(CacheConfig.RefreshMode.IMMEDIATE));
    ask(cache, a("example.com."));
    next.hold().answer(UpstreamAnswers.a("192.0.2.2", 30));

    clock.advanceSeconds(30 + 60); // expired exactly as long ago as the window
    var stage = cache.serve(a("example.com.")).toCompletableFuture();

    assertThat(stage).isNotDone(); // waiting for the upstream, not answered from the cache
    assertThat(cache.cache().size(CacheTier.SUCCESS)).isZero();
    next.release();
    assertThat(address(parse(stage.join()))).isEqualTo("192.0.2.2");
    assertThat(events.all()).containsExactly("miss", "miss");
  }

  @Test
  void anExpiredServfailIsNotServedStale() {
    CacheHandler cache = handler(stale(CacheConfig.RefreshMode.IMMEDIATE));
    upstream(UpstreamAnswers.rcode(Rcode.SERVFAIL));
    ask(cache, a("broken.example.com.")); // cached for the default 5 s
    upstream(UpstreamAnswers.a("192.0.2.3", 30));

    clock.advanceSeconds(6);
    Message answer = ask(cache, a("broken.example.com."));

    assertThat(address(answer)).isEqualTo("192.0.2.3");
    assertThat(events.all()).containsExactly("miss", "miss");
  }

  @Test
  void staleAnswersHaveTtlZeroEvenWithKeepTtl() {
    upstream(UpstreamAnswers.a("192.0.2.1", 30));
    CacheHandler cache =
        handler(
            TestConfigs.cache()
                .keepTtl()
                .serveStale(STALE_FOR, CacheConfig.RefreshMode.VERIFY)
                .build());
    ask(cache, a("example.com."));
    upstream(UpstreamAnswers.rcode(Rcode.SERVFAIL));

    clock.advanceSeconds(40);

    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(0L);
  }

  @Test
  void withoutServeStaleAnExpiredEntryIsAMiss() {
    CacheHandler cache = handler(TestConfigs.defaults());
    upstream(UpstreamAnswers.a("192.0.2.1", 30));
    ask(cache, a("example.com."));

    clock.advanceSeconds(31);
    ask(cache, a("example.com."));

    assertThat(next.calls()).isEqualTo(2);
  }

  private CacheConfig stale(CacheConfig.RefreshMode mode) {
    upstream(UpstreamAnswers.a("192.0.2.1", 30));
    return TestConfigs.cache().serveStale(STALE_FOR, mode).build();
  }

  private static String address(Message answer) {
    return ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }
}
