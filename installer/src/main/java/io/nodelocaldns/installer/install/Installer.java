package io.nodelocaldns.installer.install;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.chart.ChartValues;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.discovery.ClusterType;
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
 * query through the cache. Everything it says goes to {@code err}; nothing to stdout.
 */
public final class Installer {
  public static final String RELEASE = HelmChart.NAME;

  private final KubernetesClient client;
  private final HelmReleases helm;
  private final HelmChart chart;
  private final RolloutWatcher rollout;
  private final QueryProbe probe;
  private final Function<ClusterType, KubeletDnsChange> kubelet;
  private final MetricsScraper metrics;
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
    this.probe = probe;
    this.kubelet = kubelet;
    this.metrics = metrics;
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
    InstallValues values = resolution.values();
    err.accept("plan for namespace " + namespace + ":");
    resolution.reasons().forEach(r -> err.accept("  " + r));

    RenderedChart rendered = RenderedChart.render(chart, namespace, resolution);
    ChartValues chartValues = rendered.values();
    Manifests objects = Manifests.parse(rendered.manifests());
    String daemonSet = objects.daemonSet().orElse(AgentDaemonSet.DEFAULT_NAME);
    Optional<HelmReleases.ReleaseSummary> existing = helm.find(RELEASE, namespace);
    List<String> nodes =
        client.nodes().list().getItems().stream()
            .map(n -> n.getMetadata().getName())
            .sorted()
            .toList();
    KubeletDnsChange kubeletChange = kubelet.apply(values.profile());

    if (dryRun) {
      err.accept("dry run: nothing is changed. It would:");
      err.accept(
          "  "
              + (existing.isPresent()
                  ? "upgrade Helm release "
                      + RELEASE
                      + " (now revision "
                      + existing.get().revision()
                      + ")"
                  : "install Helm release " + RELEASE)
              + " in "
              + namespace
              + " with "
              + objects.objects().size()
              + " objects: "
              + String.join(
                  ", ", objects.objects().stream().map(Manifests.Ref::toString).toList()));
      err.accept(
          "  wait for DaemonSet "
              + namespace
              + "/"
              + daemonSet
              + " to be ready on "
              + nodes.size()
              + " nodes");
      if (values.mode() == CacheMode.IPVS) {
        kubeletChange
            .plan(values.localIp(), values.kubeDnsIp(), nodes)
            .forEach(l -> err.accept("  " + l));
      }
      if (verify) {
        err.accept(
            "  resolve kubernetes.default.svc."
                + values.clusterDomain()
                + " from a probe pod through the cache");
      }
      return Outcome.DRY_RUN;
    }

    err.accept(
        (existing.isPresent() ? "upgrading" : "installing")
            + " Helm release "
            + RELEASE
            + " in "
            + namespace
            + " …");
    HelmReleases.ReleaseSummary release =
        helm.installOrUpgrade(chart, RELEASE, namespace, chartValues);
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

    err.accept("waiting for DaemonSet " + namespace + "/" + daemonSet + " on every node …");
    List<String> readyNodes = rollout.await(namespace, daemonSet, timeout);

    boolean kubeletDone = true;
    if (values.mode() == CacheMode.IPVS) {
      err.accept("IPVS mode: kubelet must send pods to " + values.localIp() + " (clusterDNS)");
      kubeletDone = kubeletChange.apply(values.localIp(), values.kubeDnsIp(), nodes);
    }

    if (verify) {
      verify(namespace, daemonSet, readyNodes.getFirst(), values);
    }
    if (!kubeletDone) {
      err.accept(
          "installed; the kubelet clusterDNS step is PENDING (see above): until it is done pods do not use the cache");
      return Outcome.KUBELET_PENDING;
    }
    err.accept(
        "installed: node-local-dns "
            + values.mode().cliName()
            + " mode on "
            + readyNodes.size()
            + " nodes");
    return Outcome.DONE;
  }

  /**
   * One query from a probe pod on {@code node}: in iptables mode through the pod's resolv.conf (the
   * kube-dns IP, which the cache answers on the node); in IPVS mode through the local IP, which is
   * what kubelet hands pods once clusterDNS is changed. The agent's request counter on that node
   * must grow, or the answer came from elsewhere.
   */
  private void verify(String namespace, String daemonSet, String node, InstallValues values) {
    String name = "kubernetes.default.svc." + values.clusterDomain();
    Optional<String> server =
        values.mode() == CacheMode.IPVS ? Optional.of(values.localIp()) : Optional.empty();
    Optional<String> agentPod =
        AgentDaemonSet.find(client, namespace, daemonSet)
            .flatMap(
                ds ->
                    ds.pods(client).stream()
                        .filter(p -> node.equals(p.getSpec().getNodeName()))
                        .map(p -> p.getMetadata().getName())
                        .findFirst());
    Optional<Double> before = agentPod.flatMap(p -> requests(namespace, p));
    QueryProbe.Answer answer = probe.query(node, name, server);
    String via =
        server
            .map(s -> "via " + s)
            .orElse("via the pod's resolv.conf (" + values.kubeDnsIp() + ")");
    if (!answer.resolved()) {
      throw new InstallerException(
          "verify: "
              + name
              + " did not resolve from a pod on "
              + node
              + " "
              + via
              + ": "
              + answer.output().lines().reduce((a, b) -> a + " | " + b).orElse("no output")
              + "; run `node-local-dns doctor`");
    }
    Optional<Double> after = agentPod.flatMap(p -> requests(namespace, p));
    if (before.isPresent() && after.isPresent()) {
      if (after.get() > before.get()) {
        err.accept(
            "verify: "
                + name
                + " resolved from a pod on "
                + node
                + " "
                + via
                + "; the cache there counted it (coredns_dns_requests_total "
                + fmt(before.get())
                + " -> "
                + fmt(after.get())
                + ")");
      } else {
        throw new InstallerException(
            "verify: "
                + name
                + " resolved from a pod on "
                + node
                + " "
                + via
                + " but the cache there did not count it (coredns_dns_requests_total stayed "
                + fmt(after.get())
                + "): queries bypass the cache; run `node-local-dns doctor`");
      }
    } else {
      err.accept(
          "verify: "
              + name
              + " resolved from a pod on "
              + node
              + " "
              + via
              + " (the cache's metrics could not be read to confirm it answered)");
    }
  }

  private Optional<Double> requests(String namespace, String pod) {
    return metrics.scrape(namespace, pod).flatMap(m -> m.sum("coredns_dns_requests_total"));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
