package io.nodelocaldns.installer.install;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.values.CacheMode;
import io.nodelocaldns.installer.values.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code uninstall}: first kubelet back to the kube-dns IP (so no new pod is handed an address that
 * is about to go away), then the Helm release.
 */
public final class Uninstaller {
  private final KubernetesClient client;
  private final HelmReleases helm;
  private final KubeletDnsChange kubelet;
  private final Consumer<String> err;
  private static final ObjectMapper JSON = new ObjectMapper();

  public Uninstaller(
      KubernetesClient client, HelmReleases helm, KubeletDnsChange kubelet, Consumer<String> err) {
    this.client = client;
    this.helm = helm;
    this.kubelet = kubelet;
    this.err = err;
  }

  /** The kube-dns IP is what kubelet's clusterDNS goes back to when no record says otherwise. */
  public void uninstall(String namespace, String kubeDnsIp, boolean dryRun, boolean force) {
    Optional<AgentDaemonSet> agent =
        AgentDaemonSet.find(client, namespace, AgentDaemonSet.DEFAULT_NAME);
    boolean ipvs = agent.map(a -> a.mode() == CacheMode.IPVS).orElse(false);
    Optional<HelmReleases.ReleaseSummary> release = helm.find(Installer.RELEASE, namespace);
    boolean annotated =
        client.nodes().list().getItems().stream()
            .anyMatch(
                n ->
                    n.getMetadata().getAnnotations() != null
                        && n.getMetadata()
                            .getAnnotations()
                            .containsKey(KindKubeletDnsChange.ANNOTATION));
    if (dryRun) {
      err.accept("dry run: nothing is changed. It would:");
      if (annotated) {
        err.accept(
            "  restore kubelet clusterDNS on the nodes annotated "
                + KindKubeletDnsChange.ANNOTATION
                + " and restart their kubelet");
      } else if (ipvs) {
        err.accept("  remind you to set kubelet clusterDNS back to " + kubeDnsIp);
      }
      err.accept(
          release
              .map(
                  r ->
                      "  uninstall Helm release "
                          + r.name()
                          + " (revision "
                          + r.revision()
                          + ") from "
                          + namespace)
              .orElse(
                  "  find no Helm release "
                      + Installer.RELEASE
                      + " in "
                      + namespace
                      + " to uninstall"));
      return;
    }
    if (annotated || ipvs) {
      kubelet.revert(kubeDnsIp);
    }
    if (ipvs && !force) {
      // kubelet changes the installer did not make (EKS, other clusters) must be undone first, or
      // every new pod on those nodes gets a DNS address nothing answers on
      List<String> cache = agent.get().localIps().nodeLocalOrFirst();
      List<String> still = nodesStillOn(cache);
      if (!still.isEmpty()) {
        throw new InstallerException(
            "kubelet clusterDNS is still "
                + String.join(",", cache)
                + " on "
                + String.join(", ", still)
                + ": set it back to "
                + kubeDnsIp
                + " first (pods there would lose DNS), or pass --force");
      }
    }
    if (helm.uninstall(Installer.RELEASE, namespace)) {
      err.accept(
          "release "
              + Installer.RELEASE
              + ": uninstalled from "
              + namespace
              + " (the agents remove their rules and link as they stop)");
    } else {
      err.accept(
          "release "
              + Installer.RELEASE
              + ": not installed in "
              + namespace
              + "; nothing to uninstall");
      agent.ifPresent(
          a ->
              err.accept(
                  "note: DaemonSet "
                      + namespace
                      + "/"
                      + a.name()
                      + " exists outside Helm (rendered manifests?): delete it with kubectl"));
    }
  }

  /**
   * Nodes whose live kubelet config (configz) still names one of {@code cache}; unreadable ones are
   * skipped.
   */
  private List<String> nodesStillOn(List<String> cache) {
    List<String> still = new ArrayList<>();
    for (var node : client.nodes().list().getItems()) {
      String name = node.getMetadata().getName();
      try {
        String configz = client.raw("/api/v1/nodes/" + name + "/proxy/configz");
        if (configz == null) {
          continue;
        }
        for (JsonNode ip : JSON.readTree(configz).path("kubeletconfig").path("clusterDNS")) {
          if (IpAddresses.contains(cache, ip.asString())) {
            still.add(name);
            break;
          }
        }
      } catch (KubernetesClientException | JacksonException e) {
        // no nodes/proxy access: the reminder printed above has to do
      }
    }
    return still;
  }
}
