package io.nodelocaldns.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.Message;

/** What every message the runtime sends must satisfy, checked by two independent parsers. */
final class WireChecks {
  private WireChecks() {}

  /**
   * {@code response} answers {@code query}: a response (QR), its ID, its question spelled as the
   * client spelled it, and our canonicalizer (which rejects anything that runs past the end, trails
   * garbage or points forward) reads it back.
   */
  static CanonicalResponse answersQuery(byte[] response, DnsQuery query) {
    assertThat(response.length).isGreaterThanOrEqualTo(DnsFlags.HEADER_LENGTH);
    assertThat(DnsFlags.id(response)).as("ID").isEqualTo(query.id());
    assertThat(DnsFlags.flags(response) & DnsFlags.QR).as("QR").isNotZero();
    assertThat(DnsFlags.qdCount(response)).as("QDCOUNT").isEqualTo(1);
    assertThat(Arrays.copyOfRange(response, DnsFlags.HEADER_LENGTH, query.questionEnd()))
        .as("the question, letter case included")
        .isEqualTo(Arrays.copyOfRange(query.wire(), DnsFlags.HEADER_LENGTH, query.questionEnd()));
    return ResponseCanonicalizer.canonicalize(response);
  }

  /** dnsjava reads the whole message (every section, every record's data). */
  static Message parsesWithDnsjava(byte[] message) {
    try {
      return new Message(message);
    } catch (IOException e) {
      throw new AssertionError("dnsjava cannot parse " + hex(message) + ": " + e, e);
    }
  }

  static String hex(byte[] m) {
    StringBuilder s = new StringBuilder();
    for (byte b : m) {
      s.append(String.format("%02x", b & 0xFF));
    }
    return s.toString();
  }
}
