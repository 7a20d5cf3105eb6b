package io.nodelocaldns.modes.node;

/**
 * Counts failures of node setup by reason, exported as {@code
 * coredns_nodecache_setup_errors_total{errortype}} with every reason pre-created, as upstream.
 */
public interface SetupErrors {
  /** The upstream agent's error types. */
  enum Type {
    INTERFACE_ADD("interface_add"),
    INTERFACE_CHECK("interface_check"),
    CONFIGMAP("configmap"),
    IPTABLES("iptables"),
    IPTABLES_LOCK("iptables_lock");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  void count(Type type);

  SetupErrors NONE = type -> {};
}
