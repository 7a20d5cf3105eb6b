package io.nodelocaldns.installer.install;

import java.util.List;
import java.util.function.Consumer;

/** Any other cluster: the installer cannot reach kubelet's config, so it says what to change. */
public final class GenericKubeletDnsChange implements KubeletDnsChange {
  private final Consumer<String> out;

  public GenericKubeletDnsChange(Consumer<String> out) {
    this.out = out;
  }

  @Override
  public List<String> plan(List<String> clusterDns, String kubeDnsIp, List<String> nodes) {
    return List.of(
        "print how to set kubelet clusterDNS to "
            + String.join(",", clusterDns)
            + "; that step stays PENDING");
  }

  @Override
  public boolean apply(List<String> clusterDns, String kubeDnsIp, List<String> nodes) {
    String ips = String.join(",", clusterDns);
    String items = String.join("\n", clusterDns.stream().map(ip -> "  - " + ip).toList());
    out.accept(
        """
        PENDING: IPVS mode needs kubelet's clusterDNS set to %1$s on every node; nothing on the nodes was changed.
        On each node, in the KubeletConfiguration (usually /var/lib/kubelet/config.yaml):
          clusterDNS:
        %3$s
        (or the kubelet flag --cluster-dns=%1$s), then restart kubelet (systemctl restart kubelet).
        Pods get it when they are recreated; until then they use kube-dns %2$s without the cache.
        To undo: set it back to %2$s."""
            .formatted(ips, kubeDnsIp, items));
    return false;
  }

  @Override
  public void revert(String kubeDnsIp) {
    out.accept(
        "kubelet: if you set clusterDNS to the cache's local IP (IPVS mode), set it back to "
            + kubeDnsIp
            + " on every node and restart kubelet; until then pods on those nodes have no DNS");
  }
}
