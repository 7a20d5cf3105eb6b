package io.nodelocaldns.runtime.wire;

/** Response codes used by the runtime (RFC 1035, RFC 6891 for the extended BADVERS). */
public final class Rcode {
  public static final int NOERROR = 0;
  public static final int FORMERR = 1;
  public static final int SERVFAIL = 2;
  public static final int NXDOMAIN = 3;
  public static final int NOTIMP = 4;
  public static final int REFUSED = 5;

  /** Extended: 16 = upper 8 bits 1 in the OPT record, lower 4 bits 0 in the header. */
  public static final int BADVERS = 16;

  private Rcode() {}

  /** The mnemonic CoreDNS prints in its logs and metrics. */
  public static String name(int rcode) {
    return org.xbill.DNS.Rcode.string(rcode);
  }
}
