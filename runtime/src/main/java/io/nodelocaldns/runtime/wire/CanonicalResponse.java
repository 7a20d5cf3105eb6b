package io.nodelocaldns.runtime.wire;

/**
 * An upstream response in the form we keep and share: ID 0, the question name lower-cased, no OPT
 * record. {@link ResponseRenderer} turns it into one client's answer.
 *
 * <p>The arrays are never changed after construction; treat them as read-only.
 *
 * @param wire the message bytes
 * @param ttlOffsets offset of the 32-bit TTL of every record (OPT excluded)
 * @param rcode the full response code, extended bits included
 * @param kind how the response classifies for caching
 * @param ttl the TTL the response may be kept for: minimum record TTL for a positive answer, SOA
 *     TTL/MINIMUM for a denial (RFC 2308), -1 when a denial carries no SOA
 */
public record CanonicalResponse(byte[] wire, int[] ttlOffsets, int rcode, Kind kind, long ttl) {

  /** CoreDNS's response classes (its {@code response.Typify}) that matter to the cache. */
  public enum Kind {
    /** NOERROR with answers. */
    SUCCESS,
    /** NOERROR, no answer, an NS referral in authority. */
    DELEGATION,
    /** NXDOMAIN. */
    NAME_ERROR,
    /** NOERROR without answers: the name exists, not with this type. */
    NO_DATA,
    /** SERVFAIL. */
    SERVER_ERROR,
    /** Anything else (REFUSED, NOTIMP, FORMERR, truncated). */
    OTHER
  }

  public int flags() {
    return DnsFlags.flags(wire);
  }

  public boolean truncated() {
    return (flags() & DnsFlags.TC) != 0;
  }
}
