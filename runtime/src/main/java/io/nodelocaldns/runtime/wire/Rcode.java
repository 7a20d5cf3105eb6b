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

  /**
   * The names CoreDNS writes (miekg/dns's {@code RcodeToString}), by value; 16 is {@code BADSIG}
   * there, which RFC 6891 also calls BADVERS.
   */
  private static final String[] NAMES = {
    "NOERROR",
    "FORMERR",
    "SERVFAIL",
    "NXDOMAIN",
    "NOTIMP",
    "REFUSED",
    "YXDOMAIN",
    "YXRRSET",
    "NXRRSET",
    "NOTAUTH",
    "NOTZONE",
    null,
    null,
    null,
    null,
    null,
    "BADSIG",
    "BADKEY",
    "BADTIME",
    "BADMODE",
    "BADNAME",
    "BADALG",
    "BADTRUNC",
    "BADCOOKIE"
  };

  /** Rcodes below this may have a name; metrics keep a slot for each. */
  public static final int NAMED = NAMES.length;

  private Rcode() {}

  /** The name CoreDNS prints in its logs and metrics; {@code RCODE<n>} for a code without one. */
  public static String name(int rcode) {
    String name = rcode >= 0 && rcode < NAMES.length ? NAMES[rcode] : null;
    return name != null ? name : "RCODE" + rcode;
  }
}
