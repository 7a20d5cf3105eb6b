package io.nodelocaldns.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryDecoderTest {

  static byte[] query(String name, int type) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, 1));
    m.getHeader().setID(4242);
    return m.toWire();
  }

  @Test
  void decodesQuestionAndHeader() throws Exception {
    DnsQuery q = valid(query("Kubernetes.Default.svc.cluster.local.", Type.AAAA));
    assertThat(q.id()).isEqualTo(4242);
    assertThat(q.name()).isEqualTo("Kubernetes.Default.svc.cluster.local.");
    assertThat(q.lowerName()).isEqualTo("kubernetes.default.svc.cluster.local.");
    assertThat(q.qtype()).isEqualTo(Type.AAAA);
    assertThat(q.qclass()).isEqualTo(1);
    assertThat(q.recursionDesired()).isTrue();
    assertThat(q.hasEdns()).isFalse();
    assertThat(q.udpLimit()).isEqualTo(512);
  }

  @Test
  void readsEdnsSizeAndDoBit() throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.A, 1));
    m.addRecord(new OPTRecord(4096, 0, 0, Flags.DO), Section.ADDITIONAL);
    m.getHeader().setFlag(Flags.CD);
    DnsQuery q = valid(m.toWire());
    assertThat(q.hasEdns()).isTrue();
    assertThat(q.ednsUdpSize()).isEqualTo(4096);
    assertThat(q.advertisedUdpSize()).isEqualTo(4096);
    assertThat(q.udpLimit()).as("DNS Flag Day 2020 cap").isEqualTo(1232);
    assertThat(q.dnssecOk()).isTrue();
    assertThat(q.checkingDisabled()).isTrue();
  }

  @Test
  void smallEdnsSizeStillAllows512() throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.A, 1));
    m.addRecord(new OPTRecord(100, 0, 0), Section.ADDITIONAL);
    assertThat(valid(m.toWire()).udpLimit()).isEqualTo(512);
  }

  @Test
  void aHugeAdvertisedSizeStillGetsAtMost1232Bytes() throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.TXT, 1));
    m.addRecord(new OPTRecord(65000, 0, 0), Section.ADDITIONAL);
    DnsQuery q = valid(m.toWire());
    assertThat(q.advertisedUdpSize()).isEqualTo(65000);
    assertThat(q.udpLimit()).isEqualTo(DnsQuery.MAX_UDP_ANSWER);
  }

  @Test
  void rootNameDecodes() throws Exception {
    assertThat(valid(query(".", Type.NS)).name()).isEqualTo(".");
  }

  @Test
  void escapesUnprintableAndDotBytes() {
    byte[] m = header(1);
    byte[] q = concat(m, new byte[] {3, 'a', '.', 1, 0, 0, 1, 0, 1});
    assertThat(valid(q).name()).isEqualTo("a\\.\\001.");
  }

  static Stream<Arguments> dropped() {
    byte[] response = header(1);
    response[2] = (byte) 0x80; // QR
    return Stream.of(
        Arguments.of("empty", new byte[0]),
        Arguments.of("short header", new byte[] {1, 2, 3, 4, 5}),
        Arguments.of("a response", concat(response, new byte[] {0, 0, 1, 0, 1})));
  }

  @ParameterizedTest(name = "{0} is dropped")
  @MethodSource
  void dropped(String what, byte[] packet) {
    assertThat(QueryDecoder.decode(packet)).isInstanceOf(QueryDecoder.Dropped.class);
  }

  static Stream<Arguments> formerr() {
    byte[] h1 = header(1);
    return Stream.of(
        Arguments.of("no question", concat(header(0), new byte[0])),
        Arguments.of("two questions", concat(header(2), new byte[] {0, 0, 1, 0, 1, 0, 0, 1, 0, 1})),
        Arguments.of("question cut short", concat(h1, new byte[] {3, 'a', 'b'})),
        Arguments.of("type missing", concat(h1, new byte[] {1, 'a', 0, 0})),
        Arguments.of(
            "compression pointer in question",
            concat(h1, new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1})),
        Arguments.of("pointer loop", concat(h1, new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1})),
        Arguments.of("label type 0x40", concat(h1, new byte[] {0x41, 'a', 0, 0, 1, 0, 1})),
        Arguments.of("name over 255 octets", concat(h1, longName(300))),
        Arguments.of(
            "additional count beyond the data",
            withCounts(concat(h1, new byte[] {0, 0, 1, 0, 1}), 0, 0, 3)),
        Arguments.of(
            "answer count beyond the data",
            withCounts(concat(h1, new byte[] {0, 0, 1, 0, 1}), 5, 0, 0)));
  }

  @ParameterizedTest(name = "{0} gets FORMERR")
  @MethodSource
  void formerr(String what, byte[] packet) {
    QueryDecoder.Result result = QueryDecoder.decode(packet);
    assertThat(result).isInstanceOf(QueryDecoder.Rejected.class);
    QueryDecoder.Rejected rejected = (QueryDecoder.Rejected) result;
    assertThat(rejected.rcode()).isEqualTo(Rcode.FORMERR);
    assertThat(DnsFlags.id(rejected.response())).isEqualTo(DnsFlags.id(packet));
    assertThat(DnsFlags.flags(rejected.response()) & DnsFlags.QR).isNotZero();
    assertThat(DnsFlags.rcode(rejected.response())).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void unknownOpcodeGetsNotimp() throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.A, 1));
    m.getHeader().setOpcode(Opcode.NOTIFY);
    QueryDecoder.Rejected r = (QueryDecoder.Rejected) QueryDecoder.decode(m.toWire());
    assertThat(r.rcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(new Message(r.response()).getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
  }

  @Test
  void ednsVersionOneGetsBadvers() throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.A, 1));
    m.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
    QueryDecoder.Rejected r = (QueryDecoder.Rejected) QueryDecoder.decode(m.toWire());
    Message response = new Message(r.response());
    assertThat(response.getRcode()).isEqualTo(org.xbill.DNS.Rcode.BADVERS);
    assertThat(response.getQuestion().getName().toString()).isEqualTo("example.com.");
  }

  @Test
  void twoOptRecordsAreFormerr() throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.A, 1));
    byte[] once = m.toWire();
    byte[] opt = {0, 0, 41, 4, (byte) 0xD0, 0, 0, 0, 0, 0, 0};
    byte[] twice = withCounts(concat(concat(once, opt), opt), 0, 0, 2);
    assertThat(((QueryDecoder.Rejected) QueryDecoder.decode(twice)).rcode())
        .isEqualTo(Rcode.FORMERR);
  }

  @Test
  void everyTruncationOfAValidQueryIsHandledWithoutThrowing() throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, 1));
    m.addRecord(new OPTRecord(1232, 0, 0, Flags.DO), Section.ADDITIONAL);
    byte[] full = m.toWire();
    for (int len = 0; len < full.length; len++) {
      QueryDecoder.Result result = QueryDecoder.decode(Arrays.copyOf(full, len));
      assertThat(result).isNotInstanceOf(QueryDecoder.Valid.class);
    }
  }

  @Test
  void randomBytesNeverThrow() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] packet = new byte[random.nextInt(80)];
      random.nextBytes(packet);
      assertThat(QueryDecoder.decode(packet)).isNotNull();
    }
  }

  private static DnsQuery valid(byte[] packet) {
    QueryDecoder.Result result = QueryDecoder.decode(packet);
    assertThat(result).isInstanceOf(QueryDecoder.Valid.class);
    return ((QueryDecoder.Valid) result).query();
  }

  static byte[] header(int qdcount) {
    byte[] h = new byte[12];
    h[0] = 0x12;
    h[1] = 0x34;
    h[2] = 0x01; // RD
    DnsFlags.putU16(h, 4, qdcount);
    return h;
  }

  static byte[] withCounts(byte[] m, int an, int ns, int ar) {
    byte[] copy = m.clone();
    DnsFlags.putU16(copy, 6, an);
    DnsFlags.putU16(copy, 8, ns);
    DnsFlags.putU16(copy, 10, ar);
    return copy;
  }

  static byte[] longName(int octets) {
    byte[] name = new byte[octets + 5];
    int pos = 0;
    while (pos + 11 < octets) {
      name[pos++] = 10;
      for (int i = 0; i < 10; i++) {
        name[pos++] = 'a';
      }
    }
    return name;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
