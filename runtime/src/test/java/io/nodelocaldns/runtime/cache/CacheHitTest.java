package io.nodelocaldns.runtime.cache;

import static io.nodelocaldns.runtime.cache.TestQueries.a;
import static io.nodelocaldns.runtime.cache.TestQueries.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Hits, misses, what the key is made of, and what each client gets from one entry. */
class CacheHitTest extends CacheFixture {

  @Test
  void repeatQueryIsAnsweredFromTheCacheWithTheClientsIdAndSpelling() {
    CacheHandler cache = handler(TestConfigs.defaults());

    Message first = ask(cache, query("example.com.").id(1).request());
    Message second = ask(cache, query("ExAmPlE.CoM.").id(0xBEEF).request());

    assertThat(next.calls()).isEqualTo(1);
    assertThat(first.getHeader().getID()).isEqualTo(1);
    assertThat(second.getHeader().getID()).isEqualTo(0xBEEF);
    assertThat(second.getQuestion().getName().toString()).isEqualTo("ExAmPlE.CoM.");
    assertThat(second.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(second.getRcode()).isEqualTo(Rcode.NOERROR);
    ARecord answer = (ARecord) second.getSection(Section.ANSWER).get(0);
    assertThat(answer.getAddress().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(events.all()).containsExactly("miss", "hit:success");
  }

  @Test
  void differentTypesAreDifferentEntries() {
    CacheHandler cache = handler(TestConfigs.defaults());

    ask(cache, a("example.com."));
    ask(cache, query("example.com.").type(Type.AAAA).request());

    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void doAndCdBitsArePartOfTheKey() {
    CacheHandler cache = handler(TestConfigs.defaults());

    ask(cache, a("example.com."));
    ask(cache, query("example.com.").dnssecOk().request());
    ask(cache, query("example.com.").checkingDisabled().request());
    ask(cache, query("example.com.").dnssecOk().checkingDisabled().request());
    assertThat(next.calls()).isEqualTo(4);

    ask(cache, a("example.com."));
    ask(cache, query("example.com.").dnssecOk().request());
    ask(cache, query("example.com.").checkingDisabled().request());
    ask(cache, query("example.com.").dnssecOk().checkingDisabled().request());
    assertThat(next.calls()).isEqualTo(4);
  }

  @Test
  void ednsClientGetsAnOptRecordAndAPlainClientNoneFromTheSameEntry() {
    CacheHandler cache = handler(TestConfigs.defaults());

    Message stored = ask(cache, query("example.com.").edns().request());
    Message plain = ask(cache, a("example.com."));
    Message edns = ask(cache, query("example.com.").edns().request());

    assertThat(next.calls()).isEqualTo(1);
    assertThat(stored.getOPT()).isNotNull();
    assertThat(plain.getOPT()).isNull();
    assertThat(plain.getSection(Section.ADDITIONAL)).isEmpty();
    assertThat(edns.getOPT()).isNotNull();
    assertThat(edns.getOPT().getPayloadSize()).isEqualTo(1232);
  }

  @Test
  void adBitIsClearedUnlessTheClientAskedForDnssecOrAd() {
    upstream(UpstreamAnswers.authenticated(UpstreamAnswers.a("192.0.2.1", 300)));
    CacheHandler cache = handler(TestConfigs.defaults());

    Message plainMiss = ask(cache, a("example.com."));
    Message plainHit = ask(cache, a("example.com."));
    Message askedForAd = ask(cache, query("example.com.").authenticData().request());
    Message dnssecOk = ask(cache, query("example.com.").dnssecOk().request());

    assertThat(plainMiss.getHeader().getFlag(Flags.AD)).isFalse();
    assertThat(plainHit.getHeader().getFlag(Flags.AD)).isFalse();
    assertThat(askedForAd.getHeader().getFlag(Flags.AD)).isTrue();
    assertThat(dnssecOk.getHeader().getFlag(Flags.AD)).isTrue();
  }

  @Test
  void namesOutsideTheCachesZonesPassThroughUncached() {
    CacheHandler cache = handler(TestConfigs.cache().zones("cluster.local."));

    ask(cache, a("example.com."));
    ask(cache, a("example.com."));
    ask(cache, a("notcluster.local."));
    ask(cache, a("notcluster.local."));
    assertThat(next.calls()).isEqualTo(4);
    assertThat(events.all()).isEmpty();

    ask(cache, a("kube-dns.kube-system.svc.cluster.local."));
    ask(cache, a("KUBE-DNS.kube-system.svc.Cluster.Local."));
    assertThat(next.calls()).isEqualTo(5);
  }

  @Test
  void aResponseToAnotherQuestionPassesThroughUncached() {
    next.answer(query -> UpstreamAnswers.a("192.0.2.9", 300).apply(otherQuestion()));
    CacheHandler cache = handler(TestConfigs.defaults());

    Message first = ask(cache, a("example.com."));
    ask(cache, a("example.com."));

    assertThat(next.calls()).isEqualTo(2);
    assertThat(first.getQuestion().getName().toString()).isEqualTo("other.example.");
    assertThat(events.count("dropped")).isEqualTo(2);
  }

  @Test
  void aMalformedResponsePassesThroughUncached() {
    byte[] garbage = {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1};
    next.answerWire(query -> garbage);
    CacheHandler cache = handler(TestConfigs.defaults());

    DnsResponse response = cache.serve(a("example.com.")).toCompletableFuture().getNow(null);
    cache.serve(a("example.com."));

    assertThat(response.wire()).isEqualTo(garbage);
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void aFailureTheChainSynthesizedIsPassedOnUncachedWithItsReason() {
    next.answerWithFailure(UpstreamAnswers.rcode(Rcode.SERVFAIL), "forward: no healthy upstream");
    CacheHandler cache = handler(TestConfigs.defaults());

    DnsResponse response = cache.serve(a("example.com.")).toCompletableFuture().getNow(null);
    cache.serve(a("example.com."));

    assertThat(response.failure()).isEqualTo("forward: no healthy upstream");
    assertThat(response.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(next.calls()).isEqualTo(2);
  }

  @Test
  void aFailedStageIsPassedOn() {
    next.failStage(new IllegalStateException("boom"));
    CacheHandler cache = handler(TestConfigs.defaults());

    var stage = cache.serve(a("example.com.")).toCompletableFuture();

    assertThat(stage).isCompletedExceptionally();
  }

  @Test
  void factoryBuildsANamedHandlerAroundNext() {
    DnsHandler built = CacheHandler.factory(TestConfigs.defaults(), clock).create(next);
    try {
      assertThat(built.name()).isEqualTo("cache");
      ask((CacheHandler) built, a("example.com."));
      ask((CacheHandler) built, a("example.com."));
      assertThat(next.calls()).isEqualTo(1);
    } finally {
      ((CacheHandler) built).close();
    }
  }

  private static Message otherQuestion() {
    return Message.newQuery(
        Record.newRecord(TestQueries.name("other.example."), Type.A, DClass.IN));
  }
}
