package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.kube.PodExec;
import io.nodelocaldns.installer.values.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The node's raw table must NOTRACK udp and tcp port 53 to every address the agent binds, or
 * conntrack sees (and can drop) every query ({@code iptables-save -t raw}).
 */
final class NotrackRulesCheck implements NodeCheck {
  private static final Pattern DPORT_53 = Pattern.compile("--dport 53(\\s|$)");
  private final PodExec exec;

  NotrackRulesCheck(PodExec exec) {
    this.exec = exec;
  }

  @Override
  public Optional<CheckResult> check(InstalledAgent installed, Pod pod) {
    return Optional.of(check(installed.daemonSet(), pod));
  }

  private CheckResult check(AgentDaemonSet agent, Pod pod) {
    String podName = pod.getMetadata().getName();
    String name = "node " + pod.getSpec().getNodeName() + " NOTRACK rules";
    boolean v6 = agent.localIp().map(IpAddresses::isIpv6).orElse(false);
    String save = v6 ? "ip6tables-save" : "iptables-save";
    PodExec.Result r = exec.exec(agent.namespace(), podName, agent.container(), save, "-t", "raw");
    if (!r.ok()) {
      return CheckResult.fail(
          name,
          "`" + save + " -t raw` in " + podName + " failed: " + ExecFailure.summary(r),
          ExecFailure.fix(
              r,
              save,
              "check the pod has NET_ADMIN (and NET_RAW, which iptables-legacy needs) and the"
                  + " xtables lock mount"));
    }
    List<String> missing = new ArrayList<>();
    for (String ip : agent.localIps()) {
      String dest = "-d " + ip + (v6 ? "/128" : "/32");
      for (String proto : List.of("udp", "tcp")) {
        if (r.stdout().lines().noneMatch(l -> notrack(l, dest, proto))) {
          missing.add(proto + " " + ip + ":53");
        }
      }
    }
    if (!missing.isEmpty()) {
      return CheckResult.fail(
          name,
          "no NOTRACK rule for " + String.join(", ", missing) + " in the raw table",
          "the agent inserts them after it serves (-setupiptables); see kubectl -n "
              + agent.namespace()
              + " logs "
              + podName
              + " (setup errors: coredns_nodecache_setup_errors_total)");
    }
    return CheckResult.ok(
        name, "raw table NOTRACKs udp/tcp 53 to " + String.join(", ", agent.localIps()));
  }

  /** A rule for {@code dest} and {@code proto} port 53 that skips conntrack, in either spelling. */
  private static boolean notrack(String rule, String dest, String proto) {
    return rule.contains(dest)
        && rule.contains("-p " + proto)
        && DPORT_53.matcher(rule).find()
        && (rule.contains("-j NOTRACK") || rule.contains("--notrack"));
  }
}
