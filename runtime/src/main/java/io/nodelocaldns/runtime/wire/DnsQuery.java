package io.nodelocaldns.runtime.wire;

/**
 * A client's query as decoded from the wire: the header fields and the single question we act on,
 * plus the EDNS(0) facts that shape the answer.
 *
 * @param wire the query exactly as received (never modified)
 * @param id the client's message ID
 * @param flags the 16-bit flags word of the header
 * @param name the question name as the client spelled it, absolute, e.g. {@code "Example.COM."}
 * @param lowerName {@code name} lower-cased (ASCII only, as DNS compares names); computed once, as
 *     routing, the cache and the log all key on it
 * @param qtype the question type (e.g. 1 for A)
 * @param qclass the question class (1 for IN)
 * @param questionEnd offset just past the question section in {@link #wire}
 * @param hasEdns whether the query carried an OPT record
 * @param ednsUdpSize the client's advertised UDP payload size (0 without EDNS)
 * @param dnssecOk the DO bit of the OPT record
 */
public record DnsQuery(
    byte[] wire,
    int id,
    int flags,
    String name,
    String lowerName,
    int qtype,
    int qclass,
    int questionEnd,
    boolean hasEdns,
    int ednsUdpSize,
    boolean dnssecOk) {

  /** The smallest UDP payload every DNS client accepts (RFC 1035). */
  public static final int CLASSIC_UDP_LIMIT = 512;

  /**
   * The largest UDP answer sent, whatever the client advertises (DNS Flag Day 2020: no IP
   * fragmentation, and a small query cannot buy a large answer for reflection).
   */
  public static final int MAX_UDP_ANSWER = 1232;

  /** A query whose lower-cased name is derived from {@code name}. */
  public DnsQuery(
      byte[] wire,
      int id,
      int flags,
      String name,
      int qtype,
      int qclass,
      int questionEnd,
      boolean hasEdns,
      int ednsUdpSize,
      boolean dnssecOk) {
    this(
        wire,
        id,
        flags,
        name,
        DnsNames.toLowerAscii(name),
        qtype,
        qclass,
        questionEnd,
        hasEdns,
        ednsUdpSize,
        dnssecOk);
  }

  public boolean recursionDesired() {
    return (flags & DnsFlags.RD) != 0;
  }

  public boolean checkingDisabled() {
    return (flags & DnsFlags.CD) != 0;
  }

  public int opcode() {
    return (flags >>> 11) & 0xF;
  }

  /** The buffer size the client advertises: 512, or its EDNS size when larger (as logged). */
  public int advertisedUdpSize() {
    return hasEdns ? Math.max(CLASSIC_UDP_LIMIT, ednsUdpSize) : CLASSIC_UDP_LIMIT;
  }

  /**
   * The largest UDP answer this client gets: what it advertises, at most {@link #MAX_UDP_ANSWER}.
   */
  public int udpLimit() {
    return Math.min(advertisedUdpSize(), MAX_UDP_ANSWER);
  }

  /** Length of the question name on the wire (uncompressed), starting at offset 12. */
  public int questionNameLength() {
    return questionEnd - DnsFlags.HEADER_LENGTH - 4;
  }
}
