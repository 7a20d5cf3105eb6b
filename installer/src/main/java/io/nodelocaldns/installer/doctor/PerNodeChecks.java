package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every agent pod must be ready; through each ready one, the node checks run, node by node. A
 * DaemonSet without pods is a failure of its own.
 */
final class PerNodeChecks implements DoctorCheck {
  private final List<NodeCheck> checks;

  PerNodeChecks(List<NodeCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  @Override
  public void run(InstalledAgent installed, Consumer<CheckResult> report) {
    AgentDaemonSet agent = installed.daemonSet();
    String namespace = agent.namespace();
    List<Pod> pods = installed.pods();
    for (Pod pod : pods) {
      if (!AgentDaemonSet.ready(pod)) {
        String name = pod.getMetadata().getName();
        report.accept(
            CheckResult.fail(
                "node " + pod.getSpec().getNodeName(),
                "pod " + name + " is not ready",
                "kubectl -n "
                    + namespace
                    + " describe pod "
                    + name
                    + "; kubectl -n "
                    + namespace
                    + " logs "
                    + name));
        continue;
      }
      for (NodeCheck check : checks) {
        check.check(installed, pod).ifPresent(report);
      }
    }
    if (pods.isEmpty()) {
      report.accept(
          CheckResult.fail(
              "pods",
              "the DaemonSet has no pods",
              "kubectl -n " + namespace + " describe daemonset " + agent.name()));
    }
  }
}
