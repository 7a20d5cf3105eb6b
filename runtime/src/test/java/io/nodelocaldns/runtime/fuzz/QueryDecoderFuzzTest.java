package io.nodelocaldns.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsNames;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.QueryDecoder;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;

/**
 * Any packet a client can send: the decoder never throws, and sorts it as the runtime contract says
 * — QR=1 or shorter than a header dropped, an unknown opcode NOTIMP, anything else malformed
 * FORMERR (or BADVERS), the rest a query whose fields lie inside the packet.
 */
class QueryDecoderFuzzTest {
  /** The longest error response: a header, the longest question, an OPT record. */
  private static final int MAX_ERROR_LENGTH =
      DnsFlags.HEADER_LENGTH + DnsNames.MAX_NAME_LENGTH + 4 + Responses.OPT_LENGTH;

  @FuzzTest(maxDuration = FuzzBudget.DURATION)
  void decode(byte[] packet) {
    QueryDecoder.Result result = QueryDecoder.decode(packet);

    boolean unreadable =
        packet.length < DnsFlags.HEADER_LENGTH || (DnsFlags.flags(packet) & DnsFlags.QR) != 0;
    assertThat(result instanceof QueryDecoder.Dropped).as("dropped").isEqualTo(unreadable);
    switch (result) {
      case QueryDecoder.Dropped dropped -> assertThat(dropped.reason()).isNotBlank();
      case QueryDecoder.Rejected rejected -> checkRejected(packet, rejected);
      case QueryDecoder.Valid valid -> checkValid(packet, valid.query());
    }
  }

  private static void checkRejected(byte[] packet, QueryDecoder.Rejected rejected) {
    int opcode = (DnsFlags.flags(packet) & DnsFlags.OPCODE_MASK) >>> 11;
    if (opcode != 0) {
      assertThat(rejected.rcode()).isEqualTo(Rcode.NOTIMP);
    } else {
      assertThat(rejected.rcode()).isIn(Rcode.FORMERR, Rcode.BADVERS);
    }
    byte[] response = rejected.response();
    assertThat(response.length).as("bounded").isLessThanOrEqualTo(MAX_ERROR_LENGTH);
    assertThat(DnsFlags.id(response)).isEqualTo(DnsFlags.id(packet));
    assertThat(DnsFlags.flags(response) & DnsFlags.QR).isNotZero();
    assertThat(DnsFlags.rcode(response)).isEqualTo(rejected.rcode() & DnsFlags.RCODE_MASK);
    WireChecks.parsesWithDnsjava(response);
  }

  private static void checkValid(byte[] packet, DnsQuery query) {
    assertThat(query.wire()).isSameAs(packet);
    assertThat(query.opcode()).isZero();
    assertThat(DnsFlags.qdCount(packet)).isEqualTo(1);
    assertThat(query.questionEnd()).isBetween(DnsFlags.HEADER_LENGTH + 5, packet.length);
    assertThat(query.questionNameLength()).isBetween(1, DnsNames.MAX_NAME_LENGTH);
    assertThat(query.name()).endsWith(".");
    // presentation form: at most 4 characters (\DDD) per wire octet
    assertThat(query.name().length()).isLessThanOrEqualTo(4 * DnsNames.MAX_NAME_LENGTH);
    assertThat(query.lowerName()).isEqualTo(DnsNames.toLowerAscii(query.name()));
    assertThat(query.udpLimit()).isBetween(DnsQuery.CLASSIC_UDP_LIMIT, 0xFFFF);
  }
}
