package io.nodelocaldns.runtime.metrics;

/**
 * CoreDNS's {@code type} label: the query types it names one by one, everything else {@code
 * "other"}, so that odd queries cannot multiply the series.
 */
public final class QueryTypes {
  /** The label of every type not listed. */
  public static final String OTHER = "other";

  /** The monitored types (as CoreDNS's {@code monitorType}) and their labels, same order. */
  private static final int[] CODES = {
    1, 2, 5, 6, 12, 15, 16, 28, 33, 43, 46, 47, 48, 50, 65, 251, 252, 255
  };

  private static final String[] NAMES = {
    "A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SRV", "DS", "RRSIG", "NSEC", "DNSKEY",
    "NSEC3", "HTTPS", "IXFR", "AXFR", "ANY"
  };

  /** How many labels there are, {@code "other"} included. */
  public static final int COUNT = CODES.length + 1;

  private static final int OTHER_INDEX = CODES.length;

  private QueryTypes() {}

  /** The slot of {@code qtype}: 0 to {@code COUNT - 1}. */
  public static int index(int qtype) {
    for (int i = 0; i < CODES.length; i++) {
      if (CODES[i] == qtype) {
        return i;
      }
    }
    return OTHER_INDEX;
  }

  /** The label of slot {@code index}. */
  public static String label(int index) {
    return index == OTHER_INDEX ? OTHER : NAMES[index];
  }
}
