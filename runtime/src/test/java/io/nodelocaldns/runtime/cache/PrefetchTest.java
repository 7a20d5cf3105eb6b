package io.nodelocaldns.runtime.cache;

import static io.nodelocaldns.runtime.cache.TestQueries.a;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** {@code prefetch 3 5m 10%} on answers stored for 100 s: refreshed from 10 s before expiry. */
class PrefetchTest extends CacheFixture {
  private static final TestConfigs PREFETCH_3 =
      TestConfigs.cache().prefetch(3, Duration.ofMinutes(5), 10);

  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopBackground() throws InterruptedException {
    background.shutdownNow();
    assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void popularEntryNearExpiryIsRefreshedInTheBackgroundWhileTheClientGetsTheCachedAnswer() {
    upstream(UpstreamAnswers.a("192.0.2.1", 100));
    CacheHandler cache = handler(PREFETCH_3.build(), background);
    ask(cache, a("example.com."));
    upstream(UpstreamAnswers.a("192.0.2.2", 100));

    clock.advanceSeconds(91); // 9 s left, below 10% of 100
    Message first = ask(cache, a("example.com."));
    Message second = ask(cache, a("example.com."));
    Message third = ask(cache, a("example.com.")); // the third hit makes it popular enough

    for (Message answer : new Message[] {first, second, third}) {
      assertThat(address(answer)).isEqualTo("192.0.2.1");
      assertThat(ttls(answer)).containsExactly(9L);
    }
    await().until(() -> "192.0.2.2".equals(storedAddress(cache)));
    Message refreshed = ask(cache, a("example.com."));
    assertThat(address(refreshed)).isEqualTo("192.0.2.2");
    assertThat(ttls(refreshed)).containsExactly(100L);
    assertThat(next.calls()).isEqualTo(2);
    assertThat(events.count("prefetch")).isEqualTo(1);
  }

  @Test
  void onlyOneRefreshPerKeyRunsAtATime() {
    upstream(UpstreamAnswers.a("192.0.2.1", 100));
    CacheHandler cache = handler(PREFETCH_3);
    ask(cache, a("example.com."));
    next.hold();

    clock.advanceSeconds(91);
    for (int i = 0; i < 10; i++) {
      assertThat(address(ask(cache, a("example.com.")))).isEqualTo("192.0.2.1");
    }
    assertThat(next.calls()).isEqualTo(2);

    next.answer(UpstreamAnswers.a("192.0.2.2", 100)).release();
    assertThat(address(ask(cache, a("example.com.")))).isEqualTo("192.0.2.2");
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void fewerHitsThanTheAmountDoNotPrefetch() {
    upstream(UpstreamAnswers.a("192.0.2.1", 100));
    CacheHandler cache = handler(PREFETCH_3);
    ask(cache, a("example.com."));

    clock.advanceSeconds(91);
    ask(cache, a("example.com."));
    ask(cache, a("example.com."));

    assertThat(next.calls()).isEqualTo(1);
    assertThat(events.count("prefetch")).isZero();
  }

  @Test
  void hitsWhileTheTtlIsStillHighCountButDoNotPrefetch() {
    upstream(UpstreamAnswers.a("192.0.2.1", 100));
    CacheHandler cache = handler(PREFETCH_3);
    ask(cache, a("example.com."));

    clock.advanceSeconds(80);
    ask(cache, a("example.com."));
    ask(cache, a("example.com."));
    ask(cache, a("example.com.")); // popular, but 20 s left
    assertThat(next.calls()).isEqualTo(1);

    clock.advanceSeconds(11); // 9 s left: the fourth hit in the run
    ask(cache, a("example.com."));
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void hitsFurtherApartThanTheWindowDoNotAddUp() {
    upstream(UpstreamAnswers.a("192.0.2.1", 1000));
    CacheHandler cache = handler(TestConfigs.cache().prefetch(3, Duration.ofMinutes(1), 90));
    ask(cache, a("example.com."));

    for (int i = 0; i < 5; i++) {
      clock.advanceSeconds(61);
      ask(cache, a("example.com."));
    }

    assertThat(next.calls()).isEqualTo(1);
  }

  @Test
  void aFailedRefreshKeepsTheEntry() {
    upstream(UpstreamAnswers.a("192.0.2.1", 100));
    CacheHandler cache = handler(PREFETCH_3);
    ask(cache, a("example.com."));
    upstream(UpstreamAnswers.rcode(Rcode.SERVFAIL));

    clock.advanceSeconds(91);
    for (int i = 0; i < 3; i++) {
      ask(cache, a("example.com."));
    }
    Message after = ask(cache, a("example.com."));

    assertThat(next.calls()).isEqualTo(3); // the third hit and the fourth each tried
    assertThat(address(after)).isEqualTo("192.0.2.1");
    assertThat(cache.cache().size(CacheTier.DENIAL)).isZero();
  }

  @Test
  void theRefreshedEntryKeepsThePopularityOfTheOldOne() {
    upstream(UpstreamAnswers.a("192.0.2.1", 100));
    CacheHandler cache = handler(PREFETCH_3);
    ask(cache, a("example.com."));
    clock.advanceSeconds(91);
    for (int i = 0; i < 3; i++) {
      ask(cache, a("example.com."));
    }
    assertThat(next.calls()).isEqualTo(2);

    clock.advanceSeconds(91); // near expiry again: one more hit is the fourth in the run
    ask(cache, a("example.com."));

    assertThat(next.calls()).isEqualTo(3);
  }

  /** The address in the stored entry, read without counting a hit; null when none. */
  private static String storedAddress(CacheHandler cache) throws IOException {
    CacheEntry entry = cache.cache().get(CacheKey.of(a("example.com.").query()));
    return entry == null ? null : address(new Message(entry.response().wire()));
  }

  private static String address(Message answer) {
    return ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }
}
