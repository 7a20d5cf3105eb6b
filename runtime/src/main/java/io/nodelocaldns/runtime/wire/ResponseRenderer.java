package io.nodelocaldns.runtime.wire;

/** Turns a {@link CanonicalResponse} into one client's answer. */
public final class ResponseRenderer {
  /** Pass as {@code ttl} to keep the records' own TTLs. */
  public static final long KEEP_TTLS = -1;

  private ResponseRenderer() {}

  /**
   * The answer for {@code query}: its ID, its RD bit, its spelling of the question name (0x20
   * case), an OPT record when it sent one, and every record TTL set to {@code ttl} unless {@link
   * #KEEP_TTLS}.
   */
  public static byte[] render(CanonicalResponse response, DnsQuery query, long ttl) {
    byte[] source = response.wire();
    int extra = query.hasEdns() ? Responses.OPT_LENGTH : 0;
    byte[] out = new byte[source.length + extra];
    System.arraycopy(source, 0, out, 0, source.length);
    DnsFlags.putU16(out, 0, query.id());
    int flags = (DnsFlags.flags(source) & ~DnsFlags.RD) | (query.flags() & DnsFlags.RD);
    DnsFlags.putU16(out, 2, flags);
    System.arraycopy(
        query.wire(),
        DnsFlags.HEADER_LENGTH,
        out,
        DnsFlags.HEADER_LENGTH,
        query.questionNameLength());
    if (ttl >= 0) {
      long clamped = Math.min(ttl, 0x7FFF_FFFFL);
      for (int offset : response.ttlOffsets()) {
        DnsFlags.putU32(out, offset, clamped);
      }
    }
    if (extra > 0) {
      Responses.writeOpt(out, source.length, response.rcode() >>> 4, query.dnssecOk());
      DnsFlags.putU16(out, 10, DnsFlags.arCount(source) + 1);
    }
    return out;
  }

  /**
   * Whether {@code response} answers {@code query}'s question (name compared case-insensitively).
   */
  public static boolean answers(CanonicalResponse response, DnsQuery query) {
    byte[] r = response.wire();
    byte[] q = query.wire();
    int end = query.questionEnd();
    if (r.length < end) {
      return false;
    }
    for (int i = DnsFlags.HEADER_LENGTH; i < end; i++) {
      byte a = q[i];
      if (i < end - 4 && a >= 'A' && a <= 'Z') {
        a = (byte) (a + ('a' - 'A'));
      }
      if (a != r[i]) {
        return false;
      }
    }
    return true;
  }
}
