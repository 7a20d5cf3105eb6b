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
 * The node's raw table must NOTRACK udp and tcp port 53 to every address the agent binds, or
 * conntrack sees (and can drop) every query: {@code iptables-save -t raw} for the IPv4 addresses,
 * {@code ip6tables-save -t raw} for the IPv6 ones (the agent writes the same rules in both).
 */
final class NotrackRulesCheck implements NodeCheck {
  private static final Pattern DPORT_53 = Pattern.compile("--dport 53(\\s|$)");
  private static final Pattern DEST = Pattern.compile("-d ([0-9A-Fa-f:.]+)/(32|128)(\\s|$)");
  private final PodExec exec;

  NotrackRulesCheck(PodExec exec) {
    this.exec = exec;
  }

  /** One family's addresses and the command that lists its rules. */
  private record Table(String save, List<String> ips) {}

  @Override
  public Optional<CheckResult> check(InstalledAgent installed, Pod pod) {
    return Optional.of(check(installed.daemonSet(), pod));
  }

  private CheckResult check(AgentDaemonSet agent, Pod pod) {
    String podName = pod.getMetadata().getName();
    String name = "node " + pod.getSpec().getNodeName() + " NOTRACK rules";
    List<Table> tables = new ArrayList<>();
    List<String> v4 = agent.localIps().ofFamily(false);
    List<String> v6 = agent.localIps().ofFamily(true);
    if (!v4.isEmpty() || v6.isEmpty()) {
      tables.add(new Table("iptables-save", v4));
    }
    if (!v6.isEmpty()) {
      tables.add(new Table("ip6tables-save", v6));
    }
    List<String> missing = new ArrayList<>();
    for (Table table : tables) {
      PodExec.Result r =
          exec.exec(agent.namespace(), podName, agent.container(), table.save(), "-t", "raw");
      if (!r.ok()) {
        return CheckResult.fail(
            name,
            "`" + table.save() + " -t raw` in " + podName + " failed: " + ExecFailure.summary(r),
            ExecFailure.fix(
                r,
                table.save(),
                "check the pod has NET_ADMIN (and NET_RAW, which iptables-legacy needs) and the"
                    + " xtables lock mount"));
      }
      for (String ip : table.ips()) {
        for (String proto : List.of("udp", "tcp")) {
          if (r.stdout().lines().noneMatch(l -> notrack(l, ip, proto))) {
            missing.add(proto + " " + hostPort(ip));
          }
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
    if (tables.size() == 1) {
      return CheckResult.ok(
          name, "raw table NOTRACKs udp/tcp 53 to " + String.join(", ", agent.localIps().all()));
    }
    return CheckResult.ok(
        name,
        "raw table NOTRACKs udp/tcp 53 to "
            + String.join(", ", v4)
            + " (iptables) and "
            + String.join(", ", v6)
            + " (ip6tables)");
  }

  /**
   * A rule for {@code ip} (a host route, however the address is written) and {@code proto} port 53
   * that skips conntrack, in either spelling.
   */
  private static boolean notrack(String rule, String ip, String proto) {
    Matcher dest = DEST.matcher(rule);
    return dest.find()
        && IpAddresses.same(dest.group(1), ip)
        && rule.contains("-p " + proto)
        && DPORT_53.matcher(rule).find()
        && (rule.contains("-j NOTRACK") || rule.contains("--notrack"));
  }

  private static String hostPort(String ip) {
    return IpAddresses.isIpv6(ip) ? "[" + ip + "]:53" : ip + ":53";
  }
}
