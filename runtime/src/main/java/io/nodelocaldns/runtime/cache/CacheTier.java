package io.nodelocaldns.runtime.cache;

/** The two tiers of the response cache; the labels are CoreDNS's metric {@code type} values. */
public enum CacheTier {
  /** Positive answers and referrals. */
  SUCCESS("success"),
  /** NXDOMAIN, NODATA, and SERVFAIL for the {@code servfail} duration. */
  DENIAL("denial");

  private final String label;

  CacheTier(String label) {
    this.label = label;
  }

  /** The value CoreDNS uses in the {@code type} label of its cache metrics. */
  public String label() {
    return label;
  }
}
