package io.nodelocaldns.e2e.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pods the suite runs, all in its own namespace, labelled, pinned to one node ({@code
 * nodeName}, every taint tolerated: the control plane is a node too), never restarted and bounded
 * by an active deadline.
 */
public final class TestPods {
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String SUITE = "node-local-dns-e2e";
  public static final long DEADLINE_SECONDS = 1800;

  private TestPods() {}

  /**
   * A pod that resolves as applications do. With {@code nameserver} (IPVS mode, where only pods
   * created after kubelet's clusterDNS change would get the local IP) its resolv.conf names that
   * server, with the search path {@code ClusterFirst} would give; otherwise {@code ClusterFirst}.
   */
  public static Pod query(
      String namespace,
      String name,
      String node,
      String image,
      String script,
      Optional<String> nameserver,
      String clusterDomain) {
    PodBuilder pod = base(namespace, name, node, "query");
    pod.editSpec()
        .addNewContainer()
        .withName("query")
        .withImage(image)
        .withCommand("sh", "-c", script)
        .endContainer()
        .endSpec();
    if (nameserver.isPresent()) {
      pod.editSpec()
          .withDnsPolicy("None")
          .withDnsConfig(
              new PodDNSConfigBuilder()
                  .withNameservers(nameserver.get())
                  .withSearches(
                      namespace + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain)
                  .addNewOption()
                  .withName("ndots")
                  .withValue("5")
                  .endOption()
                  .build())
          .endSpec();
    } else {
      pod.editSpec().withDnsPolicy("ClusterFirst").endSpec();
    }
    return pod.build();
  }

  /**
   * A pod that reads the node as a person logged into it would: host network, privileged (iptables
   * needs it), the node's root at {@code /host} for {@code chroot /host} (writable: a legacy
   * iptables takes its lock file under /run), as {@code kubectl debug node/…} does.
   */
  public static Pod debug(String namespace, String name, String node, String image, String script) {
    return base(namespace, name, node, "debug")
        .editSpec()
        .withHostNetwork(true)
        .withDnsPolicy("ClusterFirstWithHostNet")
        .addNewContainer()
        .withName("debug")
        .withImage(image)
        .withCommand("sh", "-c", script)
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("host")
        .withMountPath("/host")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("host")
        .withNewHostPath()
        .withPath("/")
        .withType("Directory")
        .endHostPath()
        .endVolume()
        .endSpec()
        .build();
  }

  /** The labels of everything the suite creates (its namespace is deleted at the end anyway). */
  public static Map<String, String> labels(String role) {
    return Map.of(PART_OF, SUITE, "app.kubernetes.io/component", role);
  }

  private static PodBuilder base(String namespace, String name, String node, String role) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels(role))
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withRestartPolicy("Never")
        .withActiveDeadlineSeconds(DEADLINE_SECONDS)
        .withTerminationGracePeriodSeconds(1L)
        .withAutomountServiceAccountToken(false)
        .withTolerations(List.of(new TolerationBuilder().withOperator("Exists").build()))
        .endSpec();
  }
}
