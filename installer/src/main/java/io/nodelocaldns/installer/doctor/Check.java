package io.nodelocaldns.installer.doctor;

/** One doctor check: what was checked, what was found, and on FAIL how to fix it. */
public record Check(boolean ok, String name, String detail, String fix) {
  public static Check ok(String name, String detail) {
    return new Check(true, name, detail, "");
  }

  public static Check fail(String name, String detail, String fix) {
    return new Check(false, name, detail, fix);
  }

  /** {@code OK mode: …} or {@code FAIL mode: … — fix: …}. */
  public String line() {
    return (ok ? "OK   " : "FAIL ")
        + name
        + ": "
        + detail
        + (ok || fix.isEmpty() ? "" : " — fix: " + fix);
  }
}
