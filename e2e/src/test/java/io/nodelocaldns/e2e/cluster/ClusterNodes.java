package io.nodelocaldns.e2e.cluster;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Comparator;
import java.util.List;

/** Which node the suite's pods run on, and what kind of cluster the nodes say this is. */
public final class ClusterNodes {
  static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

  private ClusterNodes() {}

  /** The first ready worker by name (the first ready node when there are only control planes). */
  public static String choose(List<Node> nodes) {
    List<Node> ready = nodes.stream().filter(ClusterNodes::ready).toList();
    if (ready.isEmpty()) {
      throw new AssertionError("no ready node among " + names(nodes));
    }
    return ready.stream()
        .sorted(
            Comparator.comparing((Node n) -> isControlPlane(n))
                .thenComparing(n -> n.getMetadata().getName()))
        .findFirst()
        .orElseThrow()
        .getMetadata()
        .getName();
  }

  /** {@code kind} or {@code eks} from the nodes' provider IDs ({@code kind://}, {@code aws://}). */
  public static String typeOf(List<Node> nodes) {
    List<String> ids =
        nodes.stream()
            .map(n -> n.getSpec() == null ? null : n.getSpec().getProviderID())
            .map(id -> id == null ? "" : id)
            .toList();
    if (!ids.isEmpty() && ids.stream().allMatch(id -> id.startsWith("kind://"))) {
      return "kind";
    }
    if (!ids.isEmpty() && ids.stream().allMatch(id -> id.startsWith("aws://"))) {
      return "eks";
    }
    return "generic";
  }

  private static boolean isControlPlane(Node node) {
    return node.getMetadata().getLabels() != null
        && node.getMetadata().getLabels().containsKey(CONTROL_PLANE);
  }

  private static boolean ready(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<String> names(List<Node> nodes) {
    return nodes.stream().map(n -> n.getMetadata().getName()).toList();
  }
}
