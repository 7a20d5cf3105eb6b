package io.nodelocaldns.runtime.cache;

import static io.nodelocaldns.runtime.cache.TestQueries.a;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;

/** How long positive answers are kept and the TTLs clients see. */
class CacheTtlTest extends CacheFixture {

  @Test
  void ttlsAgeByWholeSecondsAndTheEntryExpires() {
    upstream(UpstreamAnswers.a("192.0.2.1", 30));
    CacheHandler cache = handler(TestConfigs.defaults());

    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(30L);
    clock.advanceSeconds(10);
    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(20L);
    clock.advance(Duration.ofMillis(999));
    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(20L);
    assertThat(next.calls()).isEqualTo(1);

    clock.advance(Duration.ofMillis(19_001)); // 30 s after storing
    ask(cache, a("example.com."));
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void keepTtlServesTheOriginalTtls() {
    upstream(UpstreamAnswers.a("192.0.2.1", 30));
    CacheHandler cache = handler(TestConfigs.cache().keepTtl());

    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(30L);
    clock.advanceSeconds(10);
    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(30L);
    assertThat(next.calls()).isEqualTo(1);
  }

  @Test
  void ttlIsCappedByTheSuccessMaximumInTheFirstAnswerAndInHits() {
    upstream(UpstreamAnswers.a("192.0.2.1", 300));
    CacheHandler cache = handler(TestConfigs.cache().maxTtl(30)); // cache 30

    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(30L);
    clock.advanceSeconds(29);
    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(1L);
    assertThat(next.calls()).isEqualTo(1);

    clock.advanceSeconds(1);
    ask(cache, a("example.com."));
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void ttlIsRaisedToTheSuccessMinimum() {
    upstream(UpstreamAnswers.a("192.0.2.1", 10));
    CacheHandler cache = handler(TestConfigs.cache().success(100, 3600, 60));

    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(60L);
    clock.advanceSeconds(30);
    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(30L);
    assertThat(next.calls()).isEqualTo(1);
  }

  @Test
  void theSmallestRecordTtlCountsAndEveryRecordShowsTheRemainingTtl() {
    upstream(UpstreamAnswers.aAndAaaa(300, 100));
    CacheHandler cache = handler(TestConfigs.defaults());

    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(100L, 100L);
    clock.advanceSeconds(40);
    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(60L, 60L);
  }

  @Test
  void aDelegationIsCachedInTheSuccessTier() {
    upstream(UpstreamAnswers.delegation(120));
    CacheHandler cache = handler(TestConfigs.defaults());

    ask(cache, a("sub.example.com."));
    clock.advanceSeconds(100);
    Message hit = ask(cache, a("sub.example.com."));

    assertThat(next.calls()).isEqualTo(1);
    assertThat(ttls(hit)).containsExactly(20L);
    assertThat(events.all()).containsExactly("miss", "hit:success");
  }

  @Test
  void aZeroTtlAnswerIsNotCachedWhenTheMinimumAllowsZero() {
    upstream(UpstreamAnswers.a("192.0.2.1", 0));
    CacheHandler cache = handler(TestConfigs.cache().success(100, 3600, 0));

    ask(cache, a("example.com."));
    ask(cache, a("example.com."));

    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void aClockSteppingBackNeverServesMoreThanTheStoredTtl() {
    upstream(UpstreamAnswers.a("192.0.2.1", 30));
    CacheHandler cache = handler(TestConfigs.defaults());

    ask(cache, a("example.com."));
    clock.advanceSeconds(-60);

    assertThat(ttls(ask(cache, a("example.com.")))).containsExactly(30L);
  }
}
