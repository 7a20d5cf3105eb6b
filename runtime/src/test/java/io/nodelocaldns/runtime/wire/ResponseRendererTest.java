package io.nodelocaldns.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseRendererTest {

  private static DnsQuery query(String name, boolean edns, boolean dnssecOk) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1));
    m.getHeader().setID(777);
    if (edns) {
      m.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? Flags.DO : 0), Section.ADDITIONAL);
    }
    return ((QueryDecoder.Valid) QueryDecoder.decode(m.toWire())).query();
  }

  private static CanonicalResponse cached() throws Exception {
    Message m =
        ResponseCanonicalizerTest.answer(
            "www.example.com.",
            Type.A,
            0,
            new Record[] {
              ResponseCanonicalizerTest.rr("www.example.com. 300 IN A 192.0.2.1"),
              ResponseCanonicalizerTest.rr("www.example.com. 60 IN A 192.0.2.2")
            },
            new Record[0]);
    return ResponseCanonicalizer.canonicalize(m.toWire());
  }

  @Test
  void restoresIdCaseAndSetsTtls() throws Exception {
    DnsQuery q = query("wWw.ExAmPlE.cOm.", false, false);
    Message out = new Message(ResponseRenderer.render(cached(), q, 42));
    assertThat(out.getHeader().getID()).isEqualTo(777);
    assertThat(out.getQuestion().getName().toString()).isEqualTo("wWw.ExAmPlE.cOm.");
    assertThat(out.getSection(Section.ANSWER)).extracting(Record::getTTL).containsOnly(42L);
    assertThat(out.getOPT()).isNull();
    assertThat(out.getHeader().getFlag(Flags.RD)).isTrue();
  }

  @Test
  void keepsTtlsWhenAsked() throws Exception {
    Message out =
        new Message(
            ResponseRenderer.render(
                cached(), query("www.example.com.", false, false), ResponseRenderer.KEEP_TTLS));
    assertThat(out.getSection(Section.ANSWER))
        .extracting(Record::getTTL)
        .containsExactly(300L, 60L);
  }

  @Test
  void addsOptMirroringDoForEdnsClients() throws Exception {
    Message out =
        new Message(ResponseRenderer.render(cached(), query("www.example.com.", true, true), 5));
    assertThat(out.getOPT()).isNotNull();
    assertThat(out.getOPT().getPayloadSize()).isEqualTo(Responses.OUR_EDNS_UDP_SIZE);
    assertThat(out.getOPT().getFlags() & Flags.DO).isNotZero();
  }

  @Test
  void answersComparesQuestionCaseInsensitively() throws Exception {
    assertThat(ResponseRenderer.answers(cached(), query("WWW.EXAMPLE.COM.", false, false)))
        .isTrue();
    assertThat(ResponseRenderer.answers(cached(), query("www.example.org.", false, false)))
        .isFalse();
  }

  @Test
  void truncatesForUdpClientsOnly() throws Exception {
    Record[] many = new Record[60];
    for (int i = 0; i < many.length; i++) {
      many[i] = ResponseCanonicalizerTest.rr("big.example. 60 IN A 10.0.0." + i);
    }
    CanonicalResponse big =
        ResponseCanonicalizer.canonicalize(
            ResponseCanonicalizerTest.answer("big.example.", Type.A, 0, many, new Record[0])
                .toWire());
    DnsQuery plain = query("BIG.example.", false, false);
    byte[] whole = ResponseRenderer.render(big, plain, 60);
    assertThat(whole.length).isGreaterThan(512);
    Message cut = new Message(Truncation.fitForUdp(whole, plain));
    assertThat(cut.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(cut.getSection(Section.ANSWER)).isEmpty();
    assertThat(cut.getQuestion().getName().toString()).isEqualTo("BIG.example.");
    assertThat(cut.getHeader().getID()).isEqualTo(777);

    DnsQuery edns = query("big.example.", true, false);
    byte[] fits = ResponseRenderer.render(big, edns, 60);
    assertThat(Truncation.fitForUdp(fits, edns)).isSameAs(fits);
  }
}
