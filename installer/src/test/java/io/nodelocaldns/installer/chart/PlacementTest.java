package io.nodelocaldns.installer.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the chart puts things: every object in kube-system (charts/README.md, "Namespace:
 * kube-system only"), the pod on Linux nodes and, with the eks profile, off Fargate, and a rollout
 * that surges a tenth of the nodes at a time.
 */
class PlacementTest {
  private static final NodeSelectorRequirement NOT_FARGATE =
      new NodeSelectorRequirement("eks.amazonaws.com/compute-type", "NotIn", List.of("fargate"));

  @Test
  void everyObjectThePodDependsOnIsInKubeSystem() {
    Rendered r = TestChart.render("dashboard.enabled=true", "metrics.serviceMonitor.enabled=true");

    assertThat(r.objects())
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getNamespace())
                    .as(Rendered.id(o))
                    .isEqualTo("kube-system"));
    assertThat(r.service("kube-dns-upstream").getMetadata().getNamespace())
        .isEqualTo("kube-system");
  }

  @Test
  void aReleaseOutsideKubeSystemIsRefusedWithTheReason() {
    for (String namespace : List.of("dns", "default")) {
      assertThatThrownBy(
              () -> TestChart.CHART.template(HelmChart.NAME, namespace, TestChart.values()))
          .as(namespace)
          .hasMessageContaining(
              "the release namespace is \""
                  + namespace
                  + "\", but node-local-dns must be installed in kube-system")
          .hasMessageContaining("a Service selects pods of its own namespace only");
    }
  }

  @Test
  void linuxNodesOnlyByDefault() {
    for (String profile : List.of("generic", "kind", "eks")) {
      assertThat(pod(TestChart.render("profile=" + profile)).getNodeSelector())
          .as(profile)
          .isEqualTo(Map.of("kubernetes.io/os", "linux"));
    }
  }

  @Test
  void aNodeSelectorIsAddedToLinuxAndLinuxCanBeRemoved() {
    assertThat(pod(TestChart.render("nodeSelector.pool=dns")).getNodeSelector())
        .isEqualTo(Map.of("kubernetes.io/os", "linux", "pool", "dns"));
    assertThat(pod(TestChart.render("nodeSelector.kubernetes\\.io/os=null")).getNodeSelector())
        .isNullOrEmpty();
  }

  @Test
  void eksProfileKeepsOffFargate() {
    PodSpec pod = pod(TestChart.render("profile=eks"));

    List<NodeSelectorTerm> terms =
        pod.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    assertThat(terms).hasSize(1);
    assertThat(terms.getFirst().getMatchExpressions()).containsExactly(NOT_FARGATE);
    assertThat(pod.getAffinity().getPodAffinity()).isNull();
  }

  @Test
  void otherProfilesHaveNoAffinity() {
    for (String profile : List.of("generic", "kind")) {
      assertThat(pod(TestChart.render("profile=" + profile)).getAffinity()).as(profile).isNull();
    }
    assertThat(pod(TestChart.render("profile=eks", "eks.excludedComputeTypes=null")).getAffinity())
        .isNull();
  }

  @Test
  void fargateExclusionIsAddedToEveryTermOfTheUsersAffinity() {
    Rendered r =
        TestChart.renderYaml(
            """
            profile: eks
            eks:
              excludedComputeTypes: [fargate, hybrid]
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions:
                        - {key: pool, operator: In, values: [dns]}
                    - matchFields:
                        - {key: metadata.name, operator: In, values: [node-a]}
                preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 1
                    preference:
                      matchExpressions:
                        - {key: zone, operator: In, values: [a]}
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: kubernetes.io/hostname
                    labelSelector: {matchLabels: {app: other}}
            """);
    var affinity = pod(r).getAffinity();
    NodeSelectorRequirement notFargateOrHybrid =
        new NodeSelectorRequirement(
            "eks.amazonaws.com/compute-type", "NotIn", List.of("fargate", "hybrid"));

    List<NodeSelectorTerm> terms =
        affinity
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    // terms are ORed: the exclusion must be in each, or a node matching another term would pass
    assertThat(terms).hasSize(2);
    assertThat(terms.get(0).getMatchExpressions())
        .containsExactly(
            new NodeSelectorRequirement("pool", "In", List.of("dns")), notFargateOrHybrid);
    assertThat(terms.get(1).getMatchExpressions()).containsExactly(notFargateOrHybrid);
    assertThat(terms.get(1).getMatchFields()).hasSize(1);
    assertThat(affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
  }

  @Test
  void theUsersAffinityIsKeptAsItIsOutsideEks() {
    Rendered r =
        TestChart.render(
            "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key=pool",
            "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator=Exists");

    assertThat(
            pod(r)
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .getFirst()
                .getMatchExpressions())
        .extracting(NodeSelectorRequirement::getKey, NodeSelectorRequirement::getOperator)
        .containsExactly(tuple("pool", "Exists"));
  }

  @Test
  void defaultRolloutSurgesTenPercentAndNeverLeavesANodeWithoutItsCache() {
    Rendered r = TestChart.render();
    RollingUpdateDaemonSet rolling = r.daemonSet().getSpec().getUpdateStrategy().getRollingUpdate();

    assertThat(r.daemonSet().getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(rolling.getMaxSurge()).isEqualTo(new IntOrString("10%"));
    assertThat(rolling.getMaxUnavailable()).isEqualTo(new IntOrString(0));
    assertThat(r.daemonSet().getSpec().getMinReadySeconds()).isEqualTo(10);
  }

  private static PodSpec pod(Rendered r) {
    return r.daemonSet().getSpec().getTemplate().getSpec();
  }
}
