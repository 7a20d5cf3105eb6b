package io.nodelocaldns.modes.agent;

import java.util.Locale;

/**
 * {@code --mode}: which {@link io.nodelocaldns.modes.mode.NodeMode} the components give the agent.
 */
public enum ModeName {
  IPTABLES,
  IPVS,
  LOCAL,
  /**
   * iptables when {@code -localip} holds a non-link-local address, ipvs otherwise (the node branch
   * decides).
   */
  AUTO;

  /** The word on the command line, e.g. {@code ipvs}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ModeName parse(String flag, String value) throws UsageException {
    return Choices.parse(flag, value, ModeName.class, ModeName::word);
  }
}
