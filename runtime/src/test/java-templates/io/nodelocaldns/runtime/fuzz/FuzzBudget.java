package io.nodelocaldns.runtime.fuzz;

/** How long each fuzzer runs when fuzzing (JAZZER_FUZZ=1); filled in from {@code fuzz.duration}. */
public final class FuzzBudget {
  /** Jazzer's duration syntax, e.g. {@code 60s}, {@code 5m}. */
  public static final String DURATION = "${fuzz.duration}";

  private FuzzBudget() {}
}
