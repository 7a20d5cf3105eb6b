package io.nodelocaldns.runtime.upstream;

import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsNames;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.Responses;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The queries we send upstream. A client's query is rebuilt rather than relayed: only its question,
 * its RD and CD bits and its DO bit travel, so every client asking the same thing sends the same
 * bytes (what lets identical misses share one upstream query). The message ID is left 0; each
 * exchange writes its own random ID into a copy.
 */
public final class UpstreamQuery {
  private static final int TYPE_NS = 2;

  private UpstreamQuery() {}

  /**
   * The upstream form of {@code client}: ID 0, RD and CD copied, the question with its name
   * lower-cased, and an OPT record advertising {@link Responses#OUR_EDNS_UDP_SIZE} with the
   * client's DO bit. EDNS is always sent so that answers up to that size arrive over UDP
   * untruncated.
   */
  public static DnsQuery of(DnsQuery client) {
    int questionEnd = client.questionEnd();
    byte[] wire = new byte[questionEnd + Responses.OPT_LENGTH];
    int flags = client.flags() & (DnsFlags.RD | DnsFlags.CD);
    DnsFlags.putU16(wire, 2, flags);
    DnsFlags.putU16(wire, 4, 1);
    System.arraycopy(
        client.wire(),
        DnsFlags.HEADER_LENGTH,
        wire,
        DnsFlags.HEADER_LENGTH,
        questionEnd - DnsFlags.HEADER_LENGTH);
    lowerCaseName(
        wire, DnsFlags.HEADER_LENGTH, DnsFlags.HEADER_LENGTH + client.questionNameLength());
    Responses.writeOpt(wire, questionEnd, 0, client.dnssecOk());
    DnsFlags.putU16(wire, 10, 1);
    return new DnsQuery(
        wire,
        0,
        flags,
        DnsNames.toLowerAscii(client.name()),
        client.qtype(),
        client.qclass(),
        questionEnd,
        true,
        Responses.OUR_EDNS_UDP_SIZE,
        client.dnssecOk());
  }

  /**
   * The health probe CoreDNS sends: {@code . IN NS} with RD set, no EDNS. Any response to it means
   * the upstream is alive.
   */
  public static DnsQuery probe() {
    return probe(".", true);
  }

  /**
   * A health probe asking {@code name IN NS} (forward's {@code health_check ... domain NAME}), with
   * RD set unless {@code recursionDesired} is false ({@code no_rec}).
   *
   * @param name a normalised domain name, e.g. {@code "."} or {@code "example.org."}
   */
  public static DnsQuery probe(String name, boolean recursionDesired) {
    byte[] encoded = encode(name);
    int questionEnd = DnsFlags.HEADER_LENGTH + encoded.length + 4;
    byte[] wire = new byte[questionEnd];
    int flags = recursionDesired ? DnsFlags.RD : 0;
    DnsFlags.putU16(wire, 2, flags);
    DnsFlags.putU16(wire, 4, 1);
    System.arraycopy(encoded, 0, wire, DnsFlags.HEADER_LENGTH, encoded.length);
    DnsFlags.putU16(wire, DnsFlags.HEADER_LENGTH + encoded.length, TYPE_NS);
    DnsFlags.putU16(wire, DnsFlags.HEADER_LENGTH + encoded.length + 2, DnsFlags.CLASS_IN);
    return new DnsQuery(
        wire, 0, flags, name, TYPE_NS, DnsFlags.CLASS_IN, questionEnd, false, 0, false);
  }

  /** {@code name} in wire form: length-prefixed labels, then the root's zero. */
  private static byte[] encode(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : name.split("\\.")) {
      if (!label.isEmpty()) {
        byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes.length);
        out.writeBytes(bytes);
      }
    }
    out.write(0);
    return out.toByteArray();
  }

  /** A copy of {@code query}'s bytes carrying message ID {@code id}. */
  public static byte[] withId(DnsQuery query, int id) {
    byte[] wire = query.wire().clone();
    DnsFlags.putU16(wire, 0, id);
    return wire;
  }

  private static void lowerCaseName(byte[] m, int from, int to) {
    // label length octets are below 64, under 'A', so only letters change
    for (int i = from; i < to; i++) {
      byte b = m[i];
      if (b >= 'A' && b <= 'Z') {
        m[i] = (byte) (b + ('a' - 'A'));
      }
    }
  }
}
