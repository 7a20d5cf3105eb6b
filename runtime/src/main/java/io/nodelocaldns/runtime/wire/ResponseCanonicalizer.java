package io.nodelocaldns.runtime.wire;

import java.util.Arrays;

/** Validates an upstream response and brings it into {@link CanonicalResponse} form. */
public final class ResponseCanonicalizer {
  private static final int TYPE_NS = 2;

  /** The shortest record: a root or pointer owner (1 byte at least) and the 10-byte header. */
  private static final int MIN_RECORD_LENGTH = 11;

  private ResponseCanonicalizer() {}

  /**
   * @throws MalformedMessageException if {@code m} is not a well-formed response with one question
   */
  public static CanonicalResponse canonicalize(byte[] m) {
    if (m.length < DnsFlags.HEADER_LENGTH) {
      throw new MalformedMessageException("response shorter than a DNS header");
    }
    if ((DnsFlags.flags(m) & DnsFlags.QR) == 0) {
      throw new MalformedMessageException("QR bit not set in a response");
    }
    if (DnsFlags.qdCount(m) != 1) {
      throw new MalformedMessageException("response question count " + DnsFlags.qdCount(m));
    }
    int questionEnd =
        DnsNames.readUncompressed(m, DnsFlags.HEADER_LENGTH, m.length, new StringBuilder()) + 4;
    if (questionEnd > m.length) {
      throw new MalformedMessageException("response question runs past the end");
    }
    int an = DnsFlags.anCount(m);
    int ns = DnsFlags.nsCount(m);
    int total = an + ns + DnsFlags.arCount(m);
    if ((long) total * MIN_RECORD_LENGTH > m.length - questionEnd) {
      // checked before allocating: the counts are the sender's word, up to 3 x 65535
      throw new MalformedMessageException(total + " records cannot fit in " + m.length + " bytes");
    }
    int[] ttlOffsets = new int[total];
    int[] ownerOffsets = new int[total];
    int ttlCount = 0;
    int optStart = -1;
    int optEnd = -1;
    int extendedRcode = 0;
    long minTtl = Long.MAX_VALUE;
    long soaTtl = -1;
    boolean nsRecordInAuthority = false;
    int pos = questionEnd;
    for (int i = 0; i < total; i++) {
      int start = pos;
      int nameEnd = DnsNames.skip(m, pos, m.length);
      if (nameEnd + 10 > m.length) {
        throw new MalformedMessageException("record header runs past the end");
      }
      int type = DnsFlags.u16(m, nameEnd);
      int rdLength = DnsFlags.u16(m, nameEnd + 8);
      pos = nameEnd + 10 + rdLength;
      if (pos > m.length) {
        throw new MalformedMessageException("record data runs past the end");
      }
      if (type == DnsFlags.TYPE_OPT) {
        if (i < an + ns) {
          throw new MalformedMessageException("OPT record outside the additional section");
        }
        if (i != total - 1) {
          // cutting it out of the middle would shift what later compression pointers point at
          throw new MalformedMessageException("OPT record is not the last record");
        }
        optStart = start;
        optEnd = pos;
        extendedRcode = m[nameEnd + 4] & 0xFF;
        continue;
      }
      long ttl = DnsFlags.u32(m, nameEnd + 4);
      ownerOffsets[ttlCount] = start;
      ttlOffsets[ttlCount++] = nameEnd + 4;
      minTtl = Math.min(minTtl, ttl);
      boolean inAuthority = i >= an && i < an + ns;
      if (inAuthority && type == DnsFlags.TYPE_SOA) {
        if (rdLength < 22) {
          throw new MalformedMessageException("SOA record too short");
        }
        long minimum = DnsFlags.u32(m, pos - 4);
        soaTtl = soaTtl < 0 ? Math.min(ttl, minimum) : Math.min(soaTtl, Math.min(ttl, minimum));
      }
      nsRecordInAuthority |= inAuthority && type == TYPE_NS;
    }
    if (pos != m.length) {
      throw new MalformedMessageException((m.length - pos) + " bytes after the last record");
    }

    int[] offsets = Arrays.copyOf(ttlOffsets, ttlCount);
    CompressedNames.check(m, Arrays.copyOf(ownerOffsets, ttlCount), offsets);

    byte[] out;
    if (optStart >= 0) {
      int optLength = optEnd - optStart;
      out = new byte[m.length - optLength];
      System.arraycopy(m, 0, out, 0, optStart);
      System.arraycopy(m, optEnd, out, optStart, m.length - optEnd);
      DnsFlags.putU16(out, 10, DnsFlags.arCount(m) - 1);
      for (int i = 0; i < offsets.length; i++) {
        if (offsets[i] > optStart) {
          offsets[i] -= optLength;
        }
      }
    } else {
      out = m.clone();
    }
    DnsFlags.putU16(out, 0, 0);
    lowerCaseAscii(out, DnsFlags.HEADER_LENGTH, questionEnd - 4);

    int rcode = (extendedRcode << 4) | DnsFlags.rcode(m);
    CanonicalResponse.Kind kind = classify(m, rcode, an, nsRecordInAuthority, soaTtl >= 0);
    long ttl =
        switch (kind) {
          case SUCCESS, DELEGATION -> minTtl == Long.MAX_VALUE ? -1 : minTtl;
          case NAME_ERROR, NO_DATA -> soaTtl;
          default -> -1;
        };
    return new CanonicalResponse(out, offsets, rcode, kind, ttl);
  }

  private static CanonicalResponse.Kind classify(
      byte[] m, int rcode, int answers, boolean nsInAuthority, boolean soaInAuthority) {
    if ((DnsFlags.flags(m) & DnsFlags.TC) != 0) {
      return CanonicalResponse.Kind.OTHER;
    }
    return switch (rcode) {
      case Rcode.NOERROR -> {
        if (answers > 0) {
          yield CanonicalResponse.Kind.SUCCESS;
        }
        yield nsInAuthority && !soaInAuthority
            ? CanonicalResponse.Kind.DELEGATION
            : CanonicalResponse.Kind.NO_DATA;
      }
      case Rcode.NXDOMAIN -> CanonicalResponse.Kind.NAME_ERROR;
      case Rcode.SERVFAIL -> CanonicalResponse.Kind.SERVER_ERROR;
      default -> CanonicalResponse.Kind.OTHER;
    };
  }

  static void lowerCaseAscii(byte[] m, int from, int to) {
    // length octets are < 64, below 'A', so only letters change
    for (int i = from; i < to; i++) {
      byte b = m[i];
      if (b >= 'A' && b <= 'Z') {
        m[i] = (byte) (b + ('a' - 'A'));
      }
    }
  }
}
