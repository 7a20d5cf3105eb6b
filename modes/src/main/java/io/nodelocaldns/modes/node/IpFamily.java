package io.nodelocaldns.modes.node;

/** Which iptables binary a rule belongs to. */
public enum IpFamily {
  IPV4("iptables"),
  IPV6("ip6tables");

  private final String command;

  IpFamily(String command) {
    this.command = command;
  }

  /** {@code iptables} or {@code ip6tables} (the backend variant is chosen at run time). */
  public String command() {
    return command;
  }
}
