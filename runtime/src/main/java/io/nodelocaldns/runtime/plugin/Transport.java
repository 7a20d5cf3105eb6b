package io.nodelocaldns.runtime.plugin;

/** How a query reached us or goes upstream; the names are CoreDNS's {@code proto} labels. */
public enum Transport {
  UDP("udp"),
  TCP("tcp");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
