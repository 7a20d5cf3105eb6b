package io.nodelocaldns.installer.doctor;

import io.nodelocaldns.installer.discovery.KubeDns;
import io.nodelocaldns.installer.discovery.Sourced;
import io.nodelocaldns.installer.doctor.InstalledAgent.KubeDnsLookup;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.values.CacheMode;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cluster DNS Service must exist, and in iptables mode the agent must bind its current
 * ClusterIP (which changes if the Service is recreated).
 */
final class KubeDnsCheck implements DoctorCheck {
  private static final String NAME = "kube-dns";

  @Override
  public void run(InstalledAgent installed, Consumer<CheckResult> report) {
    KubeDnsLookup lookup = installed.kubeDns();
    if (lookup.service().isEmpty()) {
      report.accept(
          CheckResult.fail(
              NAME,
              lookup.failure(),
              "node-local-dns needs the cluster DNS Service it caches for"));
      return;
    }
    Sourced<KubeDns> kubeDns = lookup.service().get();
    String ip = kubeDns.value().primaryIp();
    AgentDaemonSet agent = installed.daemonSet();
    List<String> bound = agent.localIps();
    if (agent.mode() == CacheMode.IPTABLES && bound.size() > 1 && !bound.contains(ip)) {
      report.accept(
          CheckResult.fail(
              NAME,
              "the agent binds "
                  + String.join(",", bound)
                  + " but "
                  + kubeDns.source()
                  + " is "
                  + ip,
              "node-local-dns install (it reads the current ClusterIP)"));
    } else {
      report.accept(CheckResult.ok(NAME, kubeDns.source() + " " + ip));
    }
  }
}
