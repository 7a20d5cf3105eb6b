package io.nodelocaldns.runtime.wire;

/** Fits an answer into a UDP client's limit (RFC 1035 4.2.1, RFC 6891 6.2.5). */
public final class Truncation {
  private Truncation() {}

  /**
   * {@code response} itself when it fits the client's limit; otherwise the header with TC set, the
   * question, and the OPT record when the client sent one, so the client retries over TCP.
   */
  public static byte[] fitForUdp(byte[] response, DnsQuery query) {
    if (response.length <= query.udpLimit()) {
      return response;
    }
    int questionEnd = query.questionEnd();
    int opt = query.hasEdns() ? Responses.OPT_LENGTH : 0;
    byte[] out = new byte[truncatedLength(query)];
    System.arraycopy(response, 0, out, 0, questionEnd);
    DnsFlags.putU16(out, 2, DnsFlags.flags(response) | DnsFlags.TC);
    DnsFlags.putU16(out, 6, 0);
    DnsFlags.putU16(out, 8, 0);
    DnsFlags.putU16(out, 10, opt > 0 ? 1 : 0);
    if (opt > 0) {
      // our own responses always end with the OPT record we wrote for this client
      System.arraycopy(response, response.length - opt, out, questionEnd, opt);
    }
    return out;
  }

  /**
   * How many bytes a UDP client receives for a response of {@code responseLength} bytes: all of
   * them when they fit, else the length of the truncated form {@link #fitForUdp} sends.
   */
  public static int udpLength(int responseLength, DnsQuery query) {
    return responseLength <= query.udpLimit() ? responseLength : truncatedLength(query);
  }

  private static int truncatedLength(DnsQuery query) {
    return query.questionEnd() + (query.hasEdns() ? Responses.OPT_LENGTH : 0);
  }
}
