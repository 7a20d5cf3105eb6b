package io.nodelocaldns.modes.mode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The values of {@code --mode}: one of the modes, or {@code auto} to have {@link ModeSelector} pick
 * one for the node.
 */
public enum ModeChoice {
  IPTABLES,
  IPVS,
  LOCAL,
  /**
   * iptables when {@code -localip} holds a ClusterIP, ipvs otherwise; see {@link
   * ModeSelector#auto}.
   */
  AUTO;

  /** The word on the command line, e.g. {@code ipvs}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a flag value; the error lists the valid ones. */
  public static ModeChoice of(String value) {
    for (ModeChoice choice : values()) {
      if (choice.word().equalsIgnoreCase(value.trim())) {
        return choice;
      }
    }
    throw new IllegalArgumentException("--mode: " + value + " (expected: one of " + valid() + ")");
  }

  private static String valid() {
    return Arrays.stream(values()).map(ModeChoice::word).collect(Collectors.joining(", "));
  }
}
