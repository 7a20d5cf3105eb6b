package io.nodelocaldns.runtime.warm;

/** A snapshot that is not used, and why; the runtime logs it, counts it and starts cold. */
public final class SnapshotException extends Exception {
  /** Why, as the {@code reason} label of the rejected-snapshot metric. */
  public enum Reason {
    TRUNCATED("truncated"),
    CORRUPT("corrupt"),
    VERSION("version"),
    OVERSIZED("oversized"),
    PERMISSIONS("permissions"),
    UNREADABLE("unreadable");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Reason reason;

  SnapshotException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
