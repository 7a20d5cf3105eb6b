package io.nodelocaldns.modes.mode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Turns {@code --mode iptables|ipvs|local|auto} into a {@link NodeMode}. */
public final class ModeSelector {
  /** The values of {@code --mode}. */
  public enum Choice {
    IPTABLES,
    IPVS,
    LOCAL,
    AUTO;

    /** The flag's word, e.g. {@code ipvs}. */
    public String flagValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a flag value; the error lists the valid ones. */
    public static Choice of(String value) {
      for (Choice choice : values()) {
        if (choice.flagValue().equalsIgnoreCase(value.trim())) {
          return choice;
        }
      }
      throw new IllegalArgumentException(
          "--mode: " + value + " (expected: one of " + valid() + ")");
    }

    static String valid() {
      return Arrays.stream(values()).map(Choice::flagValue).collect(Collectors.joining(", "));
    }
  }

  private ModeSelector() {}

  /** The mode for a {@code --mode} value; {@code auto} looks at {@code -localip}. */
  public static NodeMode select(String flagValue, LocalIps localIps) {
    return select(Choice.of(flagValue), localIps);
  }

  /** The mode for a parsed {@code --mode} value. */
  public static NodeMode select(Choice choice, LocalIps localIps) {
    return switch (choice) {
      case IPTABLES -> new IptablesMode();
      case IPVS -> new IpvsMode();
      case LOCAL -> new LocalMode();
      case AUTO -> auto(localIps);
    };
  }

  /**
   * The upstream manifest's convention: a ClusterIP in {@code -localip} means iptables mode, only
   * link-local addresses mean IPVS mode. The one place the auto rule lives.
   */
  public static NodeMode auto(LocalIps localIps) {
    return localIps.clusterIps().isEmpty() ? new IpvsMode() : new IptablesMode();
  }
}
