package io.nodelocaldns.modes.node;

/** The kind of link the local addresses are put on; {@code --link-type}. */
public enum LinkType {
  /** A dummy link, as the upstream agent uses. */
  DUMMY("dummy"),
  /** A bridge without ports: behaves as a local dummy where the kernel lacks the dummy driver. */
  BRIDGE("bridge");

  private final String ipLinkType;

  LinkType(String ipLinkType) {
    this.ipLinkType = ipLinkType;
  }

  /** The {@code type} word of {@code ip link add NAME type TYPE}. */
  public String ipLinkType() {
    return ipLinkType;
  }
}
