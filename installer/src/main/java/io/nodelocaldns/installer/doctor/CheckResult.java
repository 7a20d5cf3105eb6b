package io.nodelocaldns.installer.doctor;

/** What one doctor check found: what was checked, what was found, and on FAIL how to fix it. */
public record CheckResult(boolean ok, String name, String detail, String fix) {
  public static CheckResult ok(String name, String detail) {
    return new CheckResult(true, name, detail, "");
  }

  public static CheckResult fail(String name, String detail, String fix) {
    return new CheckResult(false, name, detail, fix);
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
