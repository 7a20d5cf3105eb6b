package io.nodelocaldns.runtime.wire;

/** Builds the responses the runtime writes itself: errors, and the OPT record it appends. */
public final class Responses {
  /** The UDP payload size we advertise, the DNS Flag Day 2020 value. */
  public static final int OUR_EDNS_UDP_SIZE = 1232;

  /** Length of an OPT record without options: root name, type, class, TTL, RDLENGTH. */
  public static final int OPT_LENGTH = 11;

  private Responses() {}

  /** An error response to {@code query}, echoing its question. */
  public static byte[] error(DnsQuery query, int rcode) {
    return error(query.wire(), query.questionEnd(), query.hasEdns(), query.dnssecOk(), rcode);
  }

  /**
   * An error response to the query in {@code m}.
   *
   * @param questionEnd offset past the question to echo, or 0 to echo none (unparseable question)
   */
  public static byte[] error(byte[] m, int questionEnd, boolean edns, boolean dnssecOk, int rcode) {
    int questionLength = questionEnd > 0 ? questionEnd - DnsFlags.HEADER_LENGTH : 0;
    byte[] out = new byte[DnsFlags.HEADER_LENGTH + questionLength + (edns ? OPT_LENGTH : 0)];
    int queryFlags = DnsFlags.flags(m);
    int flags =
        DnsFlags.QR
            | (queryFlags & (DnsFlags.OPCODE_MASK | DnsFlags.RD | DnsFlags.CD))
            | DnsFlags.RA
            | (rcode & DnsFlags.RCODE_MASK);
    DnsFlags.putU16(out, 0, DnsFlags.id(m));
    DnsFlags.putU16(out, 2, flags);
    DnsFlags.putU16(out, 4, questionLength > 0 ? 1 : 0);
    System.arraycopy(m, DnsFlags.HEADER_LENGTH, out, DnsFlags.HEADER_LENGTH, questionLength);
    if (edns) {
      writeOpt(out, DnsFlags.HEADER_LENGTH + questionLength, rcode >>> 4, dnssecOk);
      DnsFlags.putU16(out, 10, 1);
    }
    return out;
  }

  /** Writes our OPT record at {@code offset}; the caller counts it in ARCOUNT. */
  public static void writeOpt(byte[] out, int offset, int extendedRcode, boolean dnssecOk) {
    out[offset] = 0; // root owner name
    DnsFlags.putU16(out, offset + 1, DnsFlags.TYPE_OPT);
    DnsFlags.putU16(out, offset + 3, OUR_EDNS_UDP_SIZE);
    out[offset + 5] = (byte) extendedRcode;
    out[offset + 6] = 0; // EDNS version 0
    DnsFlags.putU16(out, offset + 7, dnssecOk ? DnsFlags.EDNS_DO : 0);
    DnsFlags.putU16(out, offset + 9, 0); // no options
  }
}
