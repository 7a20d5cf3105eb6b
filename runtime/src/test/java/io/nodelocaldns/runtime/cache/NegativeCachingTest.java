package io.nodelocaldns.runtime.cache;

import static io.nodelocaldns.runtime.cache.TestQueries.a;
import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.DnsResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** Denials (RFC 2308), SERVFAIL, the responses never cached, and {@code disable}. */
class NegativeCachingTest extends CacheFixture {

  @Test
  void nxdomainIsCachedForTheSoaDerivedTtlAndNoLonger() {
    upstream(UpstreamAnswers.nxdomain(60, 10)); // min(SOA TTL, MINIMUM) = 10
    CacheHandler cache = handler(TestConfigs.defaults());

    Message first = ask(cache, a("nope.example.com."));
    assertThat(first.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ttls(first)).containsExactly(10L);

    clock.advanceSeconds(9);
    Message hit = ask(cache, a("nope.example.com."));
    assertThat(hit.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ttls(hit)).containsExactly(1L);
    assertThat(next.calls()).isEqualTo(1);

    clock.advanceSeconds(1);
    ask(cache, a("nope.example.com."));
    assertThat(next.calls()).isEqualTo(2);
    assertThat(events.all()).containsExactly("miss", "hit:denial", "miss");
  }

  @Test
  void nxdomainTtlIsCappedByTheDenialMaximum() {
    upstream(UpstreamAnswers.nxdomain(60, 10));
    CacheHandler cache = handler(TestConfigs.cache().denial(100, 3, 0));

    assertThat(ttls(ask(cache, a("nope.example.com.")))).containsExactly(3L);
    clock.advanceSeconds(2);
    ask(cache, a("nope.example.com."));
    assertThat(next.calls()).isEqualTo(1);
    clock.advanceSeconds(1);
    ask(cache, a("nope.example.com."));
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void nxdomainTtlIsRaisedToTheDenialMinimum() {
    upstream(UpstreamAnswers.nxdomain(60, 10));
    CacheHandler cache = handler(TestConfigs.cache().denial(100, 1800, 30));

    assertThat(ttls(ask(cache, a("nope.example.com.")))).containsExactly(30L);
    clock.advanceSeconds(29);
    ask(cache, a("nope.example.com."));
    assertThat(next.calls()).isEqualTo(1);
  }

  @Test
  void nxdomainWithoutSoaIsCachedForFiveSeconds() {
    upstream(UpstreamAnswers.nxdomainWithoutSoa());
    CacheHandler cache = handler(TestConfigs.defaults());

    ask(cache, a("nope.example.com."));
    clock.advanceSeconds(4);
    Message hit = ask(cache, a("nope.example.com."));
    assertThat(hit.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(next.calls()).isEqualTo(1);

    clock.advanceSeconds(1);
    ask(cache, a("nope.example.com."));
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void nxdomainWithoutSoaIsNeverKeptBeyondTheDenialCap() {
    upstream(UpstreamAnswers.nxdomainWithoutSoa());
    CacheHandler cache = handler(TestConfigs.cache().denial(100, 2, 0));

    ask(cache, a("nope.example.com."));
    clock.advanceSeconds(1);
    ask(cache, a("nope.example.com."));
    assertThat(next.calls()).isEqualTo(1);

    clock.advanceSeconds(1);
    ask(cache, a("nope.example.com."));
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void noDataIsCachedInTheDenialTier() {
    upstream(UpstreamAnswers.noData(300, 30));
    CacheHandler cache = handler(TestConfigs.defaults());

    Message first = ask(cache, a("example.com."));
    clock.advanceSeconds(29);
    Message hit = ask(cache, a("example.com."));

    assertThat(first.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(hit.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ttls(hit)).containsExactly(1L);
    assertThat(next.calls()).isEqualTo(1);
    assertThat(cache.cache().size(CacheTier.DENIAL)).isEqualTo(1);
    assertThat(cache.cache().size(CacheTier.SUCCESS)).isZero();
    assertThat(events.all()).containsExactly("miss", "hit:denial");
  }

  @Test
  void servfailIsCachedForTheServfailDurationOnly() {
    upstream(UpstreamAnswers.rcode(Rcode.SERVFAIL));
    CacheHandler cache = handler(TestConfigs.cache().servfail(Duration.ofSeconds(3)));

    ask(cache, a("broken.example.com."));
    clock.advanceSeconds(2);
    Message hit = ask(cache, a("broken.example.com."));
    assertThat(hit.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(next.calls()).isEqualTo(1);
    assertThat(cache.cache().size(CacheTier.DENIAL)).isEqualTo(1);

    clock.advanceSeconds(1);
    ask(cache, a("broken.example.com."));
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void servfailIsNotCachedWhenTheServfailDurationIsZero() {
    upstream(UpstreamAnswers.rcode(Rcode.SERVFAIL));
    CacheHandler cache = handler(TestConfigs.cache().servfail(Duration.ZERO));

    ask(cache, a("broken.example.com."));
    ask(cache, a("broken.example.com."));

    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void refusedIsNotCached() {
    upstream(UpstreamAnswers.rcode(Rcode.REFUSED));
    CacheHandler cache = handler(TestConfigs.defaults());

    Message first = ask(cache, a("example.com."));
    ask(cache, a("example.com."));

    assertThat(first.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void aTruncatedResponseIsNotCachedAndReachesTheClientAsItCame() {
    upstream(UpstreamAnswers.truncated());
    CacheHandler cache = handler(TestConfigs.defaults());

    DnsResponse first = cache.serve(a("big.example.com.")).toCompletableFuture().getNow(null);
    ask(cache, a("big.example.com."));

    assertThat(parse(first).getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(ttls(parse(first))).containsExactly(300L);
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void disableSuccessStoresNoPositiveAnswersForTheZone() {
    CacheHandler cache = handler(TestConfigs.cache().disableSuccess("example.com."));

    ask(cache, a("www.example.com."));
    ask(cache, a("www.example.com."));
    assertThat(next.calls()).isEqualTo(2);

    ask(cache, a("www.example.org."));
    ask(cache, a("www.example.org."));
    assertThat(next.calls()).isEqualTo(3);
  }

  @Test
  void disableSuccessLeavesDenialsCached() {
    upstream(UpstreamAnswers.nxdomain(60, 30));
    CacheHandler cache = handler(TestConfigs.cache().disableSuccess("example.com."));

    ask(cache, a("nope.example.com."));
    ask(cache, a("nope.example.com."));

    assertThat(next.calls()).isEqualTo(1);
  }

  @Test
  void disableDenialStoresNoDenialsForTheZoneButStillCapsTheReply() {
    upstream(UpstreamAnswers.nxdomain(3600, 3600));
    CacheHandler cache =
        handler(TestConfigs.cache().denial(100, 60, 5).disableDenial("example.com."));

    Message first = ask(cache, a("nope.example.com."));
    ask(cache, a("nope.example.com."));
    assertThat(next.calls()).isEqualTo(2);
    assertThat(ttls(first)).containsExactly(60L);

    ask(cache, a("nope.example.org."));
    ask(cache, a("nope.example.org."));
    assertThat(next.calls()).isEqualTo(3);
  }

  @Test
  void aNameThatComesIntoExistenceMovesFromTheDenialToTheSuccessTier() {
    upstream(UpstreamAnswers.nxdomain(60, 10));
    CacheHandler cache = handler(TestConfigs.defaults());
    ask(cache, a("new.example.com."));

    clock.advanceSeconds(10);
    upstream(UpstreamAnswers.a("192.0.2.7", 300));
    Message answer = ask(cache, a("new.example.com."));

    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(cache.cache().size(CacheTier.DENIAL)).isZero();
    assertThat(cache.cache().size(CacheTier.SUCCESS)).isEqualTo(1);
  }
}
