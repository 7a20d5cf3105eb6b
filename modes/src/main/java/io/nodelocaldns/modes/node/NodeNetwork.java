package io.nodelocaldns.modes.node;

/**
 * Applies a {@link NodePlan} to the node with idempotent verbs, as the upstream agent's netif and
 * iptables code does. Every verb may be called again at any time.
 */
public interface NodeNetwork {
  /**
   * The link kube-proxy in IPVS mode puts every ClusterIP on: an address there is not ours to take.
   */
  String KUBE_IPVS_LINK = "kube-ipvs0";

  /**
   * Checks the node can take the plan, then creates the link and its addresses, and no rules.
   * Called before the DNS listeners start, because the kernel binds only addresses the node has.
   * The addresses alone steer no pod traffic here: kube-proxy's DNAT runs before routing, and only
   * the NOTRACK rules of {@link #setUp} send pods' packets to the cache.
   *
   * @throws NodeSetupException as {@link #setUp}; nothing is left half-done
   */
  void prepareLink(NodePlan plan);

  /**
   * Checks the node can take the plan, then creates what is missing, rules included. Called once,
   * after the DNS listeners are up.
   *
   * @throws NodeSetupException with a message for the operator when the node cannot take the plan
   *     (e.g. no dummy driver: names {@code --link-type}; the ClusterIP held by kube-ipvs0; rules
   *     in both iptables backends); nothing is left half-done
   */
  void setUp(NodePlan plan);

  /** Puts back whatever is missing; failures are counted, never thrown. */
  void reconcile(NodePlan plan);

  /** Removes the rules (every duplicate) and the link. */
  void tearDown(NodePlan plan);
}
