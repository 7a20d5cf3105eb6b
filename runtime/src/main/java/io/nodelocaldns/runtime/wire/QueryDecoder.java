package io.nodelocaldns.runtime.wire;

/**
 * Decodes a client's query. Never throws: every input becomes a query to serve, an error response
 * to send (FORMERR, NOTIMP, BADVERS) or a reason to drop it.
 */
public final class QueryDecoder {
  private static final int OPCODE_QUERY = 0;
  private static final int EDNS_VERSION = 0;

  private QueryDecoder() {}

  /** What became of one packet. */
  public sealed interface Result {}

  /** A well-formed query to serve. */
  public record Valid(DnsQuery query) implements Result {}

  /** A query that is answered with an error straight away; {@code response} is ready to send. */
  public record Rejected(byte[] response, int rcode, String reason) implements Result {}

  /** A packet that must not be answered (too short to read, or a response). */
  public record Dropped(String reason) implements Result {}

  public static Result decode(byte[] m) {
    if (m.length < DnsFlags.HEADER_LENGTH) {
      return new Dropped("shorter than a DNS header (" + m.length + " bytes)");
    }
    int flags = DnsFlags.flags(m);
    if ((flags & DnsFlags.QR) != 0) {
      // answering responses invites reflection loops
      return new Dropped("QR bit set: a response, not a query");
    }
    int opcode = (flags & DnsFlags.OPCODE_MASK) >>> 11;
    if (opcode != OPCODE_QUERY) {
      return reject(m, 0, false, 0, Rcode.NOTIMP, "opcode " + opcode + " is not supported");
    }
    if (DnsFlags.qdCount(m) != 1) {
      return reject(
          m,
          0,
          false,
          0,
          Rcode.FORMERR,
          "question count " + DnsFlags.qdCount(m) + " (expected: 1)");
    }
    try {
      StringBuilder name = new StringBuilder(64);
      int pos = DnsNames.readUncompressed(m, DnsFlags.HEADER_LENGTH, m.length, name);
      if (pos + 4 > m.length) {
        throw new MalformedMessageException("question type and class run past the end");
      }
      int qtype = DnsFlags.u16(m, pos);
      int qclass = DnsFlags.u16(m, pos + 2);
      int questionEnd = pos + 4;
      return decodeRest(m, flags, name.toString(), qtype, qclass, questionEnd);
    } catch (MalformedMessageException e) {
      return reject(m, 0, false, 0, Rcode.FORMERR, e.getMessage());
    }
  }

  private static Result decodeRest(
      byte[] m, int flags, String name, int qtype, int qclass, int questionEnd) {
    int pos = questionEnd;
    int others = DnsFlags.anCount(m) + DnsFlags.nsCount(m);
    for (int i = 0; i < others; i++) {
      pos = skipRecord(m, pos);
    }
    boolean hasEdns = false;
    int udpSize = 0;
    boolean dnssecOk = false;
    int version = 0;
    for (int i = 0; i < DnsFlags.arCount(m); i++) {
      int nameEnd = DnsNames.skip(m, pos, m.length);
      int next = skipRecord(m, pos);
      if (DnsFlags.u16(m, nameEnd) == DnsFlags.TYPE_OPT) {
        if (hasEdns) {
          throw new MalformedMessageException("more than one OPT record");
        }
        if (nameEnd != pos + 1) {
          throw new MalformedMessageException("OPT record owner is not the root");
        }
        hasEdns = true;
        udpSize = DnsFlags.u16(m, nameEnd + 2);
        version = m[nameEnd + 5] & 0xFF;
        dnssecOk = (DnsFlags.u16(m, nameEnd + 6) & DnsFlags.EDNS_DO) != 0;
      }
      pos = next;
    }
    if (hasEdns && version != EDNS_VERSION) {
      return reject(
          m, questionEnd, true, dnssecOk ? 1 : 0, Rcode.BADVERS, "EDNS version " + version);
    }
    return new Valid(
        new DnsQuery(
            m,
            DnsFlags.id(m),
            flags,
            name,
            qtype,
            qclass,
            questionEnd,
            hasEdns,
            udpSize,
            dnssecOk));
  }

  private static int skipRecord(byte[] m, int offset) {
    int pos = DnsNames.skip(m, offset, m.length);
    if (pos + 10 > m.length) {
      throw new MalformedMessageException("record header runs past the end");
    }
    int rdLength = DnsFlags.u16(m, pos + 8);
    int end = pos + 10 + rdLength;
    if (end > m.length) {
      throw new MalformedMessageException("record data runs past the end");
    }
    return end;
  }

  private static Rejected reject(
      byte[] m, int questionEnd, boolean edns, int dnssecOkBit, int rcode, String reason) {
    return new Rejected(
        Responses.error(m, questionEnd, edns, dnssecOkBit != 0, rcode), rcode, reason);
  }
}
