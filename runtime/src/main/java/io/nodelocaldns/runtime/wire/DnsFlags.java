package io.nodelocaldns.runtime.wire;

/** Header layout and flag bits of a DNS message (RFC 1035 4.1.1, RFC 4035 3.2). */
public final class DnsFlags {
  public static final int HEADER_LENGTH = 12;

  public static final int QR = 0x8000;
  public static final int AA = 0x0400;
  public static final int TC = 0x0200;
  public static final int RD = 0x0100;
  public static final int RA = 0x0080;
  public static final int AD = 0x0020;
  public static final int CD = 0x0010;
  public static final int OPCODE_MASK = 0x7800;
  public static final int RCODE_MASK = 0x000F;

  /** The DO bit within the OPT record's TTL field (RFC 3225). */
  public static final int EDNS_DO = 0x8000;

  public static final int TYPE_SOA = 6;
  public static final int TYPE_OPT = 41;
  public static final int CLASS_IN = 1;

  private DnsFlags() {}

  public static int id(byte[] m) {
    return u16(m, 0);
  }

  public static int flags(byte[] m) {
    return u16(m, 2);
  }

  public static int rcode(byte[] m) {
    return m[3] & RCODE_MASK;
  }

  public static int qdCount(byte[] m) {
    return u16(m, 4);
  }

  public static int anCount(byte[] m) {
    return u16(m, 6);
  }

  public static int nsCount(byte[] m) {
    return u16(m, 8);
  }

  public static int arCount(byte[] m) {
    return u16(m, 10);
  }

  public static int u16(byte[] m, int offset) {
    return ((m[offset] & 0xFF) << 8) | (m[offset + 1] & 0xFF);
  }

  public static long u32(byte[] m, int offset) {
    return ((long) u16(m, offset) << 16) | u16(m, offset + 2);
  }

  public static void putU16(byte[] m, int offset, int value) {
    m[offset] = (byte) (value >>> 8);
    m[offset + 1] = (byte) value;
  }

  public static void putU32(byte[] m, int offset, long value) {
    putU16(m, offset, (int) (value >>> 16));
    putU16(m, offset + 2, (int) value);
  }
}
