package io.nodelocaldns.modes.node;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which iptables binaries to call. Rules must go to the backend kube-proxy uses: the legacy and nft
 * backends are separate rule sets, and the kernel runs both.
 */
public enum IptablesBackend {
  /** {@code iptables-legacy}, {@code ip6tables-legacy}. */
  LEGACY("-legacy"),
  /** {@code iptables-nft}, {@code ip6tables-nft}. */
  NFT("-nft"),
  /**
   * Plain {@code iptables}: whatever the distribution links it to. Used on a node with no rules.
   */
  DEFAULT("");

  private final String suffix;

  IptablesBackend(String suffix) {
    this.suffix = suffix;
  }

  /** e.g. {@code ip6tables-nft}. */
  public String command(IpFamily family) {
    return family.command() + suffix;
  }

  /** e.g. {@code iptables-legacy-save}. */
  public String saveCommand(IpFamily family) {
    return family.command() + suffix + "-save";
  }

  /** The lower-case name, e.g. {@code nft}. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a name; the error lists the valid ones. */
  public static IptablesBackend of(String value) {
    for (IptablesBackend backend : values()) {
      if (backend.flagValue().equalsIgnoreCase(value.trim())) {
        return backend;
      }
    }
    throw new IllegalArgumentException(
        "iptables backend: "
            + value
            + " (expected: one of "
            + Arrays.stream(values())
                .map(IptablesBackend::flagValue)
                .collect(Collectors.joining(", "))
            + ")");
  }
}
