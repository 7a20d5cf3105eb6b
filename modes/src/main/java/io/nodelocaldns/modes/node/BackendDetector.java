package io.nodelocaldns.modes.node;

import java.util.List;

/**
 * Finds the iptables backend the node already uses, the way kube-proxy's iptables-wrapper does:
 * look at what {@code iptables-legacy-save} and {@code iptables-nft-save} (and the ip6 variants)
 * hold. kube-proxy's chains ({@code KUBE-…}) decide; otherwise the backend holding rules; a node
 * with none gets plain {@code iptables}.
 */
public final class BackendDetector {
  static final String KUBE_CHAIN_PREFIX = "KUBE-";

  private final CommandRunner runner;

  public BackendDetector(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * @throws NodeSetupException when kube-proxy's chains are in both backends: the node is already
   *     inconsistent and rules in either one would miss half the traffic
   */
  public IptablesBackend detect() {
    Census legacy = census(IptablesBackend.LEGACY);
    Census nft = census(IptablesBackend.NFT);
    if (legacy.kubeLines() > 0 && nft.kubeLines() > 0) {
      throw new NodeSetupException(
          "kube-proxy rules (KUBE- chains) are in both iptables backends, iptables-legacy ("
              + legacy.kubeLines()
              + " lines) and iptables-nft ("
              + nft.kubeLines()
              + " lines): "
              + "cannot tell which one the node uses; clean up the stale backend first");
    }
    if (legacy.kubeLines() > 0) {
      return IptablesBackend.LEGACY;
    }
    if (nft.kubeLines() > 0) {
      return IptablesBackend.NFT;
    }
    if (legacy.entries() == 0 && nft.entries() == 0) {
      return IptablesBackend.DEFAULT;
    }
    return legacy.entries() > nft.entries() ? IptablesBackend.LEGACY : IptablesBackend.NFT;
  }

  /** How much a backend holds, over both families: user chains and rules, and kube-proxy's. */
  record Census(int entries, int kubeLines) {}

  Census census(IptablesBackend backend) {
    int entries = 0;
    int kube = 0;
    for (IpFamily family : IpFamily.values()) {
      CommandResult result = runner.query(List.of(backend.saveCommand(family)));
      if (!result.ok()) {
        continue; // not installed, or no kernel support: holds nothing
      }
      for (String line : result.stdout().split("\n")) {
        if (line.startsWith("-A ") || isUserChain(line)) {
          entries++;
          if (line.contains(KUBE_CHAIN_PREFIX)) {
            kube++;
          }
        }
      }
    }
    return new Census(entries, kube);
  }

  /** {@code :KUBE-SERVICES - [0:0]}; built-in chains carry a policy instead of {@code -}. */
  private static boolean isUserChain(String line) {
    return line.startsWith(":") && line.contains(" - ");
  }
}
