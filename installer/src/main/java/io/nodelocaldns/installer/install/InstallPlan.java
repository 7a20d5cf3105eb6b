package io.nodelocaldns.installer.install;

import io.nodelocaldns.installer.chart.ChartValues;
import io.nodelocaldns.installer.install.HelmReleases.ReleaseSummary;
import io.nodelocaldns.installer.values.CacheMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code install} does, worked out before anything in the cluster changes: {@code --dry-run}
 * prints it ({@link #describe}) and a real run carries out the same steps ({@link
 * Installer#apply}). The steps, in order: the Helm release, the rollout, in IPVS mode kubelet's
 * clusterDNS, and unless skipped one query through the cache.
 */
public record InstallPlan(
    CacheMode mode,
    HelmInstall helm,
    Rollout rollout,
    Optional<KubeletClusterDns> kubelet,
    Optional<VerifyQuery> verify) {

  /** One step; {@link #describe} says what it would do, one line each. */
  public sealed interface Step permits HelmInstall, Rollout, KubeletClusterDns, VerifyQuery {
    List<String> describe();
  }

  /** Install release {@value Installer#RELEASE}, or upgrade it when {@code existing}. */
  public record HelmInstall(
      String namespace, ChartValues values, Manifests objects, Optional<ReleaseSummary> existing)
      implements Step {
    @Override
    public List<String> describe() {
      String release =
          existing
              .map(
                  r ->
                      "upgrade Helm release "
                          + Installer.RELEASE
                          + " (now revision "
                          + r.revision()
                          + ")")
              .orElse("install Helm release " + Installer.RELEASE);
      List<String> refs = objects.objects().stream().map(Manifests.Ref::toString).toList();
      List<String> lines = new ArrayList<>();
      lines.add(
          release
              + " in "
              + namespace
              + " with "
              + refs.size()
              + " objects: "
              + String.join(", ", refs));
      if (!objects.served().all().isEmpty()) {
        lines.add("  its agent serving DNS on " + objects.served().describe());
      }
      return List.copyOf(lines);
    }
  }

  /** Wait until the agent's DaemonSet has a ready pod on every node. */
  public record Rollout(String namespace, String daemonSet, int nodes, Duration timeout)
      implements Step {
    @Override
    public List<String> describe() {
      return List.of(
          "wait for DaemonSet "
              + namespace
              + "/"
              + daemonSet
              + " to be ready on "
              + nodes
              + " nodes");
    }
  }

  /** IPVS mode: point kubelet's clusterDNS at the cache's node-local addresses, or say how to. */
  public record KubeletClusterDns(
      KubeletDnsChange change, List<String> clusterDns, String kubeDnsIp, List<String> nodes)
      implements Step {
    public KubeletClusterDns {
      clusterDns = List.copyOf(clusterDns);
      nodes = List.copyOf(nodes);
    }

    @Override
    public List<String> describe() {
      return change.plan(clusterDns, kubeDnsIp, nodes);
    }
  }

  /**
   * Resolve {@code name} from a probe pod: through {@code server} (IPVS mode's local IP) or, when
   * empty, through the pod's resolv.conf, which names {@code kubeDnsIp}.
   */
  public record VerifyQuery(
      String namespace, String daemonSet, String name, Optional<String> server, String kubeDnsIp)
      implements Step {
    @Override
    public List<String> describe() {
      return List.of("resolve " + name + " from a probe pod through the cache");
    }
  }

  /** The steps in the order they run. */
  public List<Step> steps() {
    List<Step> steps = new ArrayList<>(List.of(helm, rollout));
    kubelet.ifPresent(steps::add);
    verify.ifPresent(steps::add);
    return List.copyOf(steps);
  }

  /** What the plan would do, one line each. */
  public List<String> describe() {
    return steps().stream().flatMap(s -> s.describe().stream()).toList();
  }
}
