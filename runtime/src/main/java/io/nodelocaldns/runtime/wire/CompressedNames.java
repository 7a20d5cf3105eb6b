package io.nodelocaldns.runtime.wire;

import java.util.Arrays;

/**
 * Checks that the names of an upstream response read only bytes that stay as they are when we
 * answer a client. A compression pointer may legally point at any earlier byte, so a crafted or
 * broken response can spell a name with the bytes of a TTL, which we age, or of the header, whose
 * ID and counts we rewrite: the name would change under our hands. Owner names are followed, and
 * the names in the data of the types whose data may be compressed (RFC 3597 section 4, plus the
 * SRV, DNAME and MX-like types some servers compress too).
 */
final class CompressedNames {
  /** A name of at most 255 octets has at most 127 labels, so a longer walk loops. */
  private static final int MAX_HOPS = 127;

  private CompressedNames() {}

  /**
   * @param owners offset of each record's owner name (OPT excluded), ascending
   * @param ttls offset of each record's TTL, ascending, as many as {@code owners}
   * @throws MalformedMessageException if a name reads a TTL or the header, or loops
   */
  static void check(byte[] m, int[] owners, int[] ttls) {
    for (int i = 0; i < owners.length; i++) {
      walk(m, owners[i], ttls);
      int type = DnsFlags.u16(m, ttls[i] - 4);
      int rdata = ttls[i] + 6;
      int end = rdata + DnsFlags.u16(m, ttls[i] + 4);
      switch (type) {
        case 2, 3, 4, 5, 7, 8, 9, 12, 39 -> walkWithin(m, rdata, end, ttls); // NS ... PTR, DNAME
        case 6, 14 -> walkWithin(m, walkWithin(m, rdata, end, ttls), end, ttls); // SOA, MINFO
        case 15, 18, 21, 36 -> walkWithin(m, rdata + 2, end, ttls); // MX, AFSDB, RT, KX
        case 33 -> walkWithin(m, rdata + 6, end, ttls); // SRV
        default -> {
          // opaque data: nothing we can follow
        }
      }
    }
  }

  private static int walkWithin(byte[] m, int offset, int end, int[] ttls) {
    int after = walk(m, offset, ttls);
    if (after > end) {
      throw new MalformedMessageException("name runs past its record's data");
    }
    return after;
  }

  /** Follows the name at {@code offset}; returns the offset just past it as stored there. */
  private static int walk(byte[] m, int offset, int[] ttls) {
    int pos = offset;
    int after = -1;
    int wireLength = 0;
    for (int hops = 0; ; ) {
      if (pos >= m.length) {
        throw new MalformedMessageException("name runs past the end of the message");
      }
      readable(pos, ttls);
      int len = m[pos] & 0xFF;
      if ((len & 0xC0) == 0xC0) {
        if (pos + 1 >= m.length) {
          throw new MalformedMessageException("compression pointer runs past the end");
        }
        readable(pos + 1, ttls);
        int target = ((len & 0x3F) << 8) | (m[pos + 1] & 0xFF);
        if (target >= pos || target < DnsFlags.HEADER_LENGTH || ++hops > MAX_HOPS) {
          throw new MalformedMessageException("compression pointer loops or leaves the records");
        }
        if (after < 0) {
          after = pos + 2;
        }
        pos = target;
        continue;
      }
      if ((len & 0xC0) != 0) {
        throw new MalformedMessageException("reserved label type");
      }
      wireLength += len + 1;
      if (wireLength > DnsNames.MAX_NAME_LENGTH || pos + len >= m.length) {
        throw new MalformedMessageException("name longer than 255 octets or past the end");
      }
      for (int i = pos + 1; i <= pos + len; i++) {
        readable(i, ttls);
      }
      pos += len + 1;
      if (len == 0) {
        return after < 0 ? pos : after;
      }
    }
  }

  /** Rejects a name byte that lies in the header or in a TTL. */
  private static void readable(int pos, int[] ttls) {
    if (pos < DnsFlags.HEADER_LENGTH) {
      throw new MalformedMessageException("name reads the header");
    }
    int i = Arrays.binarySearch(ttls, pos);
    int ttl = i >= 0 ? ttls[i] : (-i - 1 > 0 ? ttls[-i - 2] : -1);
    if (ttl >= 0 && pos < ttl + 4) {
      throw new MalformedMessageException("compressed name reads a TTL");
    }
  }
}
