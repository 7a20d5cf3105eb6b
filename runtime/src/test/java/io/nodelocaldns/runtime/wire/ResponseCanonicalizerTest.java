package io.nodelocaldns.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseCanonicalizerTest {

  static Record rr(String text) throws Exception {
    String[] f = text.split(" ", 5);
    return Record.fromString(
        Name.fromString(f[0]), Type.value(f[3]), 1, Long.parseLong(f[1]), f[4], Name.root);
  }

  static Message answer(String qname, int type, int rcode, Record[] an, Record[] ns)
      throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(qname), type, 1));
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(rcode);
    m.getHeader().setID(999);
    for (Record r : an) {
      m.addRecord(r, Section.ANSWER);
    }
    for (Record r : ns) {
      m.addRecord(r, Section.AUTHORITY);
    }
    return m;
  }

  @Test
  void positiveAnswerIsSuccessWithMinimumTtl() throws Exception {
    Message m =
        answer(
            "WWW.Example.com.",
            Type.A,
            0,
            new Record[] {
              rr("www.example.com. 300 IN A 192.0.2.1"), rr("www.example.com. 60 IN A 192.0.2.2")
            },
            new Record[0]);
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    CanonicalResponse c = ResponseCanonicalizer.canonicalize(m.toWire());
    assertThat(c.kind()).isEqualTo(CanonicalResponse.Kind.SUCCESS);
    assertThat(c.ttl()).isEqualTo(60);
    assertThat(c.ttlOffsets()).hasSize(2);
    Message back = new Message(c.wire());
    assertThat(back.getHeader().getID()).isZero();
    assertThat(back.getOPT()).as("OPT stripped").isNull();
    assertThat(back.getQuestion().getName().toString()).isEqualTo("www.example.com.");
    assertThat(back.getSection(Section.ANSWER)).hasSize(2);
    assertThat(back.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(300);
  }

  @Test
  void nxdomainTakesSoaMinimumWhenLower() throws Exception {
    Message m =
        answer(
            "nope.cluster.local.",
            Type.A,
            3,
            new Record[0],
            new Record[] {
              rr(
                  "cluster.local. 60 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 10")
            });
    CanonicalResponse c = ResponseCanonicalizer.canonicalize(m.toWire());
    assertThat(c.kind()).isEqualTo(CanonicalResponse.Kind.NAME_ERROR);
    assertThat(c.ttl()).isEqualTo(10);
  }

  @Test
  void denialWithoutSoaHasNoTtl() throws Exception {
    CanonicalResponse c =
        ResponseCanonicalizer.canonicalize(
            answer("nope.lan.", Type.A, 3, new Record[0], new Record[0]).toWire());
    assertThat(c.kind()).isEqualTo(CanonicalResponse.Kind.NAME_ERROR);
    assertThat(c.ttl()).isEqualTo(-1);
  }

  @Test
  void classifiesNoDataDelegationServfailAndOthers() throws Exception {
    assertThat(
            ResponseCanonicalizer.canonicalize(
                    answer(
                            "a.example.",
                            Type.AAAA,
                            0,
                            new Record[0],
                            new Record[] {
                              rr("example. 30 IN SOA ns.example. h.example. 1 2 3 4 20")
                            })
                        .toWire())
                .kind())
        .isEqualTo(CanonicalResponse.Kind.NO_DATA);
    assertThat(
            ResponseCanonicalizer.canonicalize(
                    answer(
                            "a.example.",
                            Type.A,
                            0,
                            new Record[0],
                            new Record[] {rr("example. 30 IN NS ns.example.")})
                        .toWire())
                .kind())
        .isEqualTo(CanonicalResponse.Kind.DELEGATION);
    assertThat(
            ResponseCanonicalizer.canonicalize(
                    answer("a.example.", Type.A, 2, new Record[0], new Record[0]).toWire())
                .kind())
        .isEqualTo(CanonicalResponse.Kind.SERVER_ERROR);
    assertThat(
            ResponseCanonicalizer.canonicalize(
                    answer("a.example.", Type.A, 5, new Record[0], new Record[0]).toWire())
                .kind())
        .isEqualTo(CanonicalResponse.Kind.OTHER);
    Message truncated = answer("a.example.", Type.A, 0, new Record[0], new Record[0]);
    truncated.getHeader().setFlag(Flags.TC);
    assertThat(ResponseCanonicalizer.canonicalize(truncated.toWire()).truncated()).isTrue();
    assertThat(ResponseCanonicalizer.canonicalize(truncated.toWire()).kind())
        .isEqualTo(CanonicalResponse.Kind.OTHER);
  }

  @Test
  void rejectsQueriesAndBrokenMessages() throws Exception {
    byte[] query =
        Message.newQuery(Record.newRecord(Name.fromString("a.example."), Type.A, 1)).toWire();
    assertThatThrownBy(() -> ResponseCanonicalizer.canonicalize(query))
        .isInstanceOf(MalformedMessageException.class);
    byte[] good =
        answer(
                "a.example.",
                Type.A,
                0,
                new Record[] {rr("a.example. 5 IN A 192.0.2.1")},
                new Record[0])
            .toWire();
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      assertThatThrownBy(() -> ResponseCanonicalizer.canonicalize(cut))
          .isInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void rejectsCompressionPointersIntoTheHeader() {
    // found by AnswerRewritingFuzzTest: the record's owner pointed at offset 0, the ID's high
    // byte, which read as the root name until the answer took the client's ID
    byte[] m =
        HexFormat.of()
            .parseHex(
                "0007818000010001000000000161000001000" + "1c000000100010000001e000401020304");

    assertThatThrownBy(() -> ResponseCanonicalizer.canonicalize(m))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("compression pointer into the header");
  }

  @Test
  void rejectsNamesInRecordDataThatReadATtlOrTheHeader() {
    String header = "000781800001000100000000" + "01610000010001"; // a. A IN, one answer
    // a. CNAME, TTL 0 at offset 25; the target is a pointer to offset 28, the TTL's low byte:
    // the root name, until the TTL is aged or set to 30 for a client
    byte[] intoTtl = HexFormat.of().parseHex(header + "c00c00050001000000000002c01c");
    // the target points at offset 0, the ID's high byte
    byte[] intoHeader = HexFormat.of().parseHex(header + "c00c00050001000000050002c000");

    assertThatThrownBy(() -> ResponseCanonicalizer.canonicalize(intoTtl))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("compressed name reads a TTL");
    assertThatThrownBy(() -> ResponseCanonicalizer.canonicalize(intoHeader))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("compression pointer loops or leaves the records");
  }

  @Test
  void rejectsAnOptRecordThatIsNotTheLast() throws Exception {
    Message response =
        answer(
            "a.example.",
            Type.A,
            0,
            new Record[] {rr("a.example. 5 IN A 192.0.2.1")},
            new Record[0]);
    response.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    response.addRecord(rr("ns.example. 5 IN A 192.0.2.53"), Section.ADDITIONAL);

    // removing it would shift whatever a later compression pointer points at
    assertThatThrownBy(() -> ResponseCanonicalizer.canonicalize(response.toWire()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("OPT record is not the last record");
  }

  @Test
  void rejectsRecordCountsTheMessageCannotHoldBeforeAllocatingForThem() throws Exception {
    byte[] claimsTooMuch =
        answer(
                "a.example.",
                Type.A,
                0,
                new Record[] {rr("a.example. 5 IN A 192.0.2.1")},
                new Record[0])
            .toWire();
    // ANCOUNT, NSCOUNT and ARCOUNT 65535 each: 196605 records claimed by a few dozen bytes
    Arrays.fill(claimsTooMuch, 6, 12, (byte) 0xFF);

    assertThatThrownBy(() -> ResponseCanonicalizer.canonicalize(claimsTooMuch))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("196605 records cannot fit");
  }
}
