package io.nodelocaldns.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.MalformedMessageException;
import io.nodelocaldns.runtime.wire.QueryDecoder;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import io.nodelocaldns.runtime.wire.Responses;
import io.nodelocaldns.runtime.wire.Truncation;
import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.Message;

/**
 * Any upstream response, rewritten for a client as a cache hit or a forwarded answer is: the
 * canonicalizer throws nothing but {@link MalformedMessageException}; what it accepts renders for a
 * client with that client's ID, its 0x20 spelling, its EDNS and the aged TTL on every record, reads
 * back, and once fitted to the client's UDP limit stays within it. The input's last bytes choose
 * the client (ID, letter case, EDNS size) and the TTL; the rest is the response.
 */
class AnswerRewritingFuzzTest {

  @FuzzTest(maxDuration = FuzzBudget.DURATION)
  void rewrite(FuzzedDataProvider data) {
    int id = data.consumeInt(0, 0xFFFF);
    long caseFlips = data.consumeLong();
    int ednsSize = data.consumeInt(-1, 0xFFFF); // -1: no EDNS
    long ttl = data.consumeLong(-1, 0xFFFF_FFFFL);
    byte[] upstream = data.consumeRemainingAsBytes();

    CanonicalResponse canonical;
    try {
      canonical = ResponseCanonicalizer.canonicalize(upstream);
    } catch (MalformedMessageException e) {
      return; // documented: the upstream exchange fails as malformed
    }
    checkCanonical(canonical, upstream);

    DnsQuery query = clientQuery(canonical, id, caseFlips, ednsSize);
    assertThat(ResponseRenderer.answers(canonical, query)).as("answers its own question").isTrue();
    byte[] rendered = ResponseRenderer.render(canonical, query, ttl);
    CanonicalResponse reread = WireChecks.answersQuery(rendered, query);
    assertThat(reread.ttlOffsets()).hasSameSizeAs(canonical.ttlOffsets());
    for (int i = 0; i < canonical.ttlOffsets().length; i++) {
      long expected =
          ttl >= 0
              ? Math.min(ttl, 0x7FFF_FFFFL)
              : DnsFlags.u32(canonical.wire(), canonical.ttlOffsets()[i]);
      assertThat(DnsFlags.u32(rendered, reread.ttlOffsets()[i])).as("TTL").isEqualTo(expected);
    }
    assertThat(reread.rcode())
        .isEqualTo(query.hasEdns() ? canonical.rcode() : canonical.rcode() & 0xF);
    boolean dnsjavaReadsUpstream = dnsjavaReads(upstream);
    if (dnsjavaReadsUpstream) {
      WireChecks.parsesWithDnsjava(rendered);
    }

    byte[] fitted = Truncation.fitForUdp(rendered, query);
    assertThat(fitted.length).as("UDP size").isLessThanOrEqualTo(query.udpLimit());
    assertThat(fitted.length).isEqualTo(Truncation.udpLength(rendered.length, query));
    WireChecks.answersQuery(fitted, query);
    if (fitted != rendered) {
      assertThat(DnsFlags.flags(fitted) & DnsFlags.TC).as("TC").isNotZero();
      WireChecks.parsesWithDnsjava(fitted);
    }
  }

  private static void checkCanonical(CanonicalResponse canonical, byte[] upstream) {
    byte[] wire = canonical.wire();
    assertThat(DnsFlags.id(wire)).as("canonical ID").isZero();
    assertThat(wire.length).isLessThanOrEqualTo(upstream.length);
    for (int offset : canonical.ttlOffsets()) {
      assertThat(offset + 4).isLessThanOrEqualTo(wire.length);
    }
  }

  /** A client's query for the response's question, with {@code id}, letters flipped by mask. */
  private static DnsQuery clientQuery(
      CanonicalResponse canonical, int id, long caseFlips, int ednsSize) {
    byte[] wire = canonical.wire();
    int nameEnd = DnsFlags.HEADER_LENGTH;
    while (wire[nameEnd] != 0) {
      nameEnd += (wire[nameEnd] & 0xFF) + 1;
    }
    int questionEnd = nameEnd + 5;
    int opt = ednsSize >= 0 ? Responses.OPT_LENGTH : 0;
    byte[] q = Arrays.copyOf(wire, questionEnd + opt);
    DnsFlags.putU16(q, 0, id);
    DnsFlags.putU16(q, 2, DnsFlags.RD);
    DnsFlags.putU16(q, 6, 0);
    DnsFlags.putU16(q, 8, 0);
    DnsFlags.putU16(q, 10, opt > 0 ? 1 : 0);
    for (int i = DnsFlags.HEADER_LENGTH; i < nameEnd; i++) {
      if (q[i] >= 'a' && q[i] <= 'z' && ((caseFlips >>> (i % 64)) & 1) != 0) {
        q[i] = (byte) (q[i] - ('a' - 'A'));
      }
    }
    if (opt > 0) {
      Responses.writeOpt(q, questionEnd, 0, false);
      DnsFlags.putU16(q, questionEnd + 3, ednsSize);
    }
    QueryDecoder.Result decoded = QueryDecoder.decode(q);
    assertThat(decoded).isInstanceOf(QueryDecoder.Valid.class);
    return ((QueryDecoder.Valid) decoded).query();
  }

  private static boolean dnsjavaReads(byte[] message) {
    try {
      new Message(message);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
