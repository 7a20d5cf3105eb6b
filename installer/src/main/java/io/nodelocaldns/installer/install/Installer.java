package io.nodelocaldns.installer.install;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.discovery.ClusterType;
import io.nodelocaldns.installer.install.HelmReleases.ReleaseSummary;
import io.nodelocaldns.installer.install.InstallPlan.HelmInstall;
import io.nodelocaldns.installer.install.InstallPlan.KubeletClusterDns;
import io.nodelocaldns.installer.install.InstallPlan.Rollout;
import io.nodelocaldns.installer.install.InstallPlan.VerifyQuery;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.metrics.MetricsScraper;
import io.nodelocaldns.installer.values.CacheMode;
import io.nodelocaldns.installer.values.InstallValues;
import io.nodelocaldns.installer.values.ValuesResolver.Resolution;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code install}: render the chart with the computed values, install or upgrade the Helm release,
 * wait for the DaemonSet on every node, make (or print) IPVS mode's kubelet change, then send one
 * query through the cache. It first makes an {@link InstallPlan}, which a dry run prints and a real
 * run applies. Everything it says goes to {@code err}; nothing to stdout.
 */
public final class Installer {
  public static final String RELEASE = HelmChart.NAME;

  private final KubernetesClient client;
  private final HelmReleases helm;
  private final HelmChart chart;
  private final RolloutWatcher rollout;
  private final Function<ClusterType, KubeletDnsChange> kubelet;
  private final QueryVerifier verifier;
  private final Consumer<String> err;

  public Installer(
      KubernetesClient client,
      HelmReleases helm,
      HelmChart chart,
      RolloutWatcher rollout,
      QueryProbe probe,
      Function<ClusterType, KubeletDnsChange> kubelet,
      MetricsScraper metrics,
      Consumer<String> err) {
    this.client = client;
    this.helm = helm;
    this.chart = chart;
    this.rollout = rollout;
    this.kubelet = kubelet;
    this.verifier = new QueryVerifier(client, probe, metrics, err);
    this.err = err;
  }

  /** What the install came to. */
  public enum Outcome {
    /** Installed and verified (or verification skipped). */
    DONE,
    /** Installed; IPVS mode's kubelet change is left to the user. */
    KUBELET_PENDING,
    /** Nothing changed (dry run). */
    DRY_RUN
  }

  public Outcome install(
      Resolution resolution, String namespace, boolean dryRun, Duration timeout, boolean verify) {
    err.accept("plan for namespace " + namespace + ":");
    resolution.reasons().forEach(r -> err.accept("  " + r));
    InstallPlan plan = plan(resolution, namespace, timeout, verify);
    if (dryRun) {
      err.accept("dry run: nothing is changed. It would:");
      plan.describe().forEach(line -> err.accept("  " + line));
      return Outcome.DRY_RUN;
    }
    return apply(plan);
  }

  /** Reads what the plan needs (the render, the release, the nodes); changes nothing. */
  public InstallPlan plan(
      Resolution resolution, String namespace, Duration timeout, boolean verify) {
    InstallValues values = resolution.values();
    RenderedChart rendered = RenderedChart.render(chart, namespace, resolution);
    Manifests objects = Manifests.parse(rendered.manifests());
    String daemonSet = objects.daemonSet().orElse(AgentDaemonSet.DEFAULT_NAME);
    Optional<ReleaseSummary> existing = helm.find(RELEASE, namespace);
    List<String> nodes =
        client.nodes().list().getItems().stream()
            .map(n -> n.getMetadata().getName())
            .sorted()
            .toList();
    boolean ipvs = values.mode() == CacheMode.IPVS;
    KubeletClusterDns kubeletChange =
        new KubeletClusterDns(
            kubelet.apply(values.profile()), values.clusterDns(), values.kubeDnsIp(), nodes);
    VerifyQuery query =
        new VerifyQuery(
            namespace,
            daemonSet,
            "kubernetes.default.svc." + values.clusterDomain(),
            ipvs ? Optional.of(values.localIp()) : Optional.empty(),
            values.kubeDnsIp());
    return new InstallPlan(
        values.mode(),
        new HelmInstall(namespace, rendered.values(), objects, existing),
        new Rollout(namespace, daemonSet, nodes.size(), timeout),
        ipvs ? Optional.of(kubeletChange) : Optional.empty(),
        verify ? Optional.of(query) : Optional.empty());
  }

  /** Carries the plan out, step by step; a step that fails throws and ends the install there. */
  public Outcome apply(InstallPlan plan) {
    installRelease(plan.helm());
    List<String> readyNodes = awaitRollout(plan.rollout());
    boolean kubeletDone = plan.kubelet().map(this::changeKubelet).orElse(true);
    plan.verify().ifPresent(query -> verifier.verify(query, readyNodes.getFirst()));
    if (!kubeletDone) {
      err.accept(
          "installed; the kubelet clusterDNS step is PENDING (see above): until it is done pods do not use the cache");
      return Outcome.KUBELET_PENDING;
    }
    err.accept(
        "installed: node-local-dns "
            + plan.mode().cliName()
            + " mode on "
            + readyNodes.size()
            + " nodes");
    return Outcome.DONE;
  }

  private void installRelease(HelmInstall step) {
    err.accept(
        (step.existing().isPresent() ? "upgrading" : "installing")
            + " Helm release "
            + RELEASE
            + " in "
            + step.namespace()
            + " …");
    ReleaseSummary release = helm.installOrUpgrade(chart, RELEASE, step.namespace(), step.values());
    err.accept(
        "release "
            + release.name()
            + ": "
            + release.status()
            + " (revision "
            + release.revision()
            + ", chart "
            + release.chart()
            + ")");
  }

  /** The nodes with a ready agent, in the order they became ready. */
  private List<String> awaitRollout(Rollout step) {
    err.accept(
        "waiting for DaemonSet " + step.namespace() + "/" + step.daemonSet() + " on every node …");
    return rollout.await(step.namespace(), step.daemonSet(), step.timeout());
  }

  /** True when done, false when it is left to the user. */
  private boolean changeKubelet(KubeletClusterDns step) {
    err.accept(
        "IPVS mode: kubelet must send pods to "
            + String.join(",", step.clusterDns())
            + " (clusterDNS)");
    return step.change().apply(step.clusterDns(), step.kubeDnsIp(), step.nodes());
  }
}
