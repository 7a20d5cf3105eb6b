package io.nodelocaldns.installer.install;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.values.IpAddresses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * On Kind: edits {@code /var/lib/kubelet/config.yaml} in each node container (replaced atomically,
 * {@link NodeFileWrite}) and restarts kubelet, through {@code docker}/{@code podman exec}. The
 * original {@code clusterDNS} is kept in a node annotation, which is how uninstall knows what to
 * restore and which nodes it changed; uninstall writes it back only if it is IP addresses.
 */
public final class KindKubeletDnsChange implements KubeletDnsChange {
  public static final String ANNOTATION = "node-local-dns.io/original-cluster-dns";
  static final String CONFIG = "/var/lib/kubelet/config.yaml";

  private final KubernetesClient client;
  private final Supplier<Optional<ContainerRuntime>> runtime;
  private final Consumer<String> out;

  public KindKubeletDnsChange(
      KubernetesClient client, Supplier<Optional<ContainerRuntime>> runtime, Consumer<String> out) {
    this.client = client;
    this.runtime = runtime;
    this.out = out;
  }

  @Override
  public List<String> plan(List<String> clusterDns, String kubeDnsIp, List<String> nodes) {
    List<String> lines = new ArrayList<>();
    for (String node : nodes) {
      lines.add(
          "set kubelet clusterDNS to "
              + String.join(",", clusterDns)
              + " in "
              + CONFIG
              + " of Kind node "
              + node
              + " (docker/podman exec), keep the old value in annotation "
              + ANNOTATION
              + ", and restart kubelet");
    }
    return lines;
  }

  @Override
  public boolean apply(List<String> clusterDns, String kubeDnsIp, List<String> nodes) {
    String ips = String.join(",", clusterDns);
    ContainerRuntime cli = runtimeOrFail();
    for (String node : nodes) {
      String config = cli.run(Optional.empty(), "exec", node, "cat", CONFIG);
      List<String> before = KubeletConfigText.clusterDns(config);
      Node n = client.nodes().withName(node).get();
      boolean annotated = n != null && annotations(n).containsKey(ANNOTATION);
      if (before.equals(clusterDns)) {
        out.accept("node " + node + ": kubelet clusterDNS is already " + ips);
        continue;
      }
      if (!annotated) {
        // the first change records the original; a re-run must not record the cache's IPs
        client
            .nodes()
            .withName(node)
            .edit(
                e -> {
                  e.getMetadata().getAnnotations().put(ANNOTATION, String.join(",", before));
                  return e;
                });
      }
      writeConfig(cli, node, KubeletConfigText.withClusterDns(config, clusterDns));
      cli.run(Optional.empty(), "exec", node, "systemctl", "restart", "kubelet");
      out.accept(
          "node "
              + node
              + ": kubelet clusterDNS "
              + String.join(",", before)
              + " -> "
              + ips
              + ", kubelet restarted (old value kept in annotation "
              + ANNOTATION
              + ")");
    }
    out.accept(
        "note: pods started before keep "
            + kubeDnsIp
            + " in their resolv.conf and go to kube-dns without the cache until they are recreated");
    return true;
  }

  @Override
  public void revert(String kubeDnsIp) {
    List<Node> changed =
        client.nodes().list().getItems().stream()
            .filter(n -> annotations(n).containsKey(ANNOTATION))
            .toList();
    if (changed.isEmpty()) {
      out.accept("kubelet: no node carries " + ANNOTATION + "; nothing to revert");
      return;
    }
    // every record is checked before any kubelet is touched: a value that is not addresses (a
    // newline in it would add kubelet settings) stops the revert with nothing half done
    Map<String, List<String>> originals = new LinkedHashMap<>();
    for (Node n : changed) {
      String node = n.getMetadata().getName();
      originals.put(node, originalClusterDns(node, annotations(n).get(ANNOTATION), kubeDnsIp));
    }
    ContainerRuntime cli = runtimeOrFail();
    for (Node n : changed) {
      String node = n.getMetadata().getName();
      List<String> ips = originals.get(node);
      String original = String.join(",", ips);
      String config = cli.run(Optional.empty(), "exec", node, "cat", CONFIG);
      writeConfig(cli, node, KubeletConfigText.withClusterDns(config, ips));
      cli.run(Optional.empty(), "exec", node, "systemctl", "restart", "kubelet");
      client
          .nodes()
          .withName(node)
          .edit(
              e -> {
                e.getMetadata().getAnnotations().remove(ANNOTATION);
                return e;
              });
      out.accept(
          "node " + node + ": kubelet clusterDNS restored to " + original + ", kubelet restarted");
    }
  }

  /**
   * The addresses an annotation recorded: empty (kubelet had no clusterDNS) or IP literals joined
   * by commas, exactly as {@link #apply} writes it; anything else is refused.
   */
  static List<String> originalClusterDns(String node, String annotation, String kubeDnsIp) {
    if (annotation.isEmpty()) {
      return List.of();
    }
    List<String> ips = List.of(annotation.split(",", -1));
    if (!ips.stream().allMatch(IpAddresses::isIp)) {
      throw new InstallerException(
          "node "
              + node
              + ": annotation "
              + ANNOTATION
              + " is "
              + quoted(annotation)
              + ", not IP addresses separated by commas; refusing to write it into kubelet's "
              + CONFIG
              + " (nothing was changed on any node). Set it to the clusterDNS kubelet had before"
              + " (kubectl annotate node "
              + node
              + " "
              + ANNOTATION
              + "="
              + kubeDnsIp
              + " --overwrite), or restore clusterDNS by hand and remove it");
    }
    return ips;
  }

  /** {@code text} in double quotes, control characters escaped, at most 100 characters. */
  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints()
        .limit(100)
        .forEach(
            c -> {
              switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"', '\\' -> out.append('\\').appendCodePoint(c);
                default -> {
                  if (Character.isISOControl(c)) {
                    out.append(String.format("\\u%04x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append(text.codePointCount(0, text.length()) > 100 ? "\"..." : "\"").toString();
  }

  /** kubelet's config replaced atomically: {@link NodeFileWrite}. */
  private static void writeConfig(ContainerRuntime cli, String node, String config) {
    cli.run(
        Optional.of(config), NodeFileWrite.execArgs(node, CONFIG, config).toArray(String[]::new));
  }

  private ContainerRuntime runtimeOrFail() {
    return runtime
        .get()
        .orElseThrow(
            () ->
                new InstallerException(
                    "IPVS mode on Kind changes kubelet in the node containers, but neither docker nor podman is on"
                        + " PATH: run the installer where `kind` runs, or pass --mode iptables"));
  }

  private static Map<String, String> annotations(Node node) {
    if (node.getMetadata().getAnnotations() == null) {
      node.getMetadata().setAnnotations(new HashMap<>());
    }
    return node.getMetadata().getAnnotations();
  }
}
