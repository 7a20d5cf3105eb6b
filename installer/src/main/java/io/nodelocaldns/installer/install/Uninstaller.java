package io.nodelocaldns.installer.install;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.values.CacheMode;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code uninstall}: first kubelet back to the kube-dns IP (so no new pod is handed an address that
 * is about to go away), then the Helm release.
 */
public final class Uninstaller {
  private final KubernetesClient client;
  private final HelmReleases helm;
  private final KubeletDnsChange kubelet;
  private final Consumer<String> err;

  public Uninstaller(
      KubernetesClient client, HelmReleases helm, KubeletDnsChange kubelet, Consumer<String> err) {
    this.client = client;
    this.helm = helm;
    this.kubelet = kubelet;
    this.err = err;
  }

  /** The kube-dns IP is what kubelet's clusterDNS goes back to when no record says otherwise. */
  public void uninstall(String namespace, String kubeDnsIp, boolean dryRun) {
    Optional<AgentDaemonSet> agent =
        AgentDaemonSet.find(client, namespace, AgentDaemonSet.DEFAULT_NAME);
    boolean ipvs = agent.map(a -> a.mode() == CacheMode.IPVS).orElse(false);
    Optional<HelmReleases.Release> release = helm.find(Installer.RELEASE, namespace);
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
}
