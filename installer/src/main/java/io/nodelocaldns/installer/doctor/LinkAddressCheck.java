package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.kube.PodExec;
import io.nodelocaldns.installer.values.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's link on the node must carry every address the agent binds, of both families ({@code
 * ip -o addr}: {@code inet} and {@code inet6} lines).
 */
final class LinkAddressCheck implements NodeCheck {
  private static final Pattern ADDRESS = Pattern.compile("\\binet6?\\s+([0-9A-Fa-f:.]+)/\\d+");

  private final PodExec exec;

  LinkAddressCheck(PodExec exec) {
    this.exec = exec;
  }

  @Override
  public Optional<CheckResult> check(InstalledAgent installed, Pod pod) {
    return Optional.of(check(installed.daemonSet(), pod));
  }

  private CheckResult check(AgentDaemonSet agent, Pod pod) {
    String podName = pod.getMetadata().getName();
    String name = "node " + pod.getSpec().getNodeName() + " link " + agent.interfaceName();
    PodExec.Result r =
        exec.exec(
            agent.namespace(),
            podName,
            agent.container(),
            "ip",
            "-o",
            "addr",
            "show",
            agent.interfaceName());
    if (!r.ok()) {
      return CheckResult.fail(
          name,
          "`ip -o addr show "
              + agent.interfaceName()
              + "` in "
              + podName
              + " failed: "
              + ExecFailure.summary(r),
          ExecFailure.fix(
              r,
              "ip",
              "the agent creates the link at start; kubectl -n "
                  + agent.namespace()
                  + " logs "
                  + podName));
    }
    List<String> held = new ArrayList<>();
    Matcher address = ADDRESS.matcher(r.stdout());
    while (address.find()) {
      held.add(address.group(1));
    }
    List<String> all = agent.localIps().all();
    List<String> missing = all.stream().filter(ip -> !IpAddresses.contains(held, ip)).toList();
    if (!missing.isEmpty()) {
      return CheckResult.fail(
          name,
          "lacks " + String.join(", ", missing),
          "the agent re-adds its addresses every -syncinterval; if it does not, see kubectl -n "
              + agent.namespace()
              + " logs "
              + podName);
    }
    return CheckResult.ok(name, "has " + String.join(", ", all));
  }
}
