package io.nodelocaldns.installer.doctor;

import io.nodelocaldns.installer.discovery.KubeDns;
import io.nodelocaldns.installer.discovery.Sourced;
import io.nodelocaldns.installer.doctor.InstalledAgent.KubeDnsLookup;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.values.CacheMode;
import io.nodelocaldns.installer.values.IpAddresses;
import io.nodelocaldns.installer.values.LocalIps;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cluster DNS Service must exist, and in iptables mode each ClusterIP the agent binds must be
 * one of its current ones (they change if the Service is recreated). A family of the Service that
 * the cache does not serve is said, not failed: its queries go to CoreDNS as before the install.
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
    List<String> service = kubeDns.value().clusterIps();
    String ips = String.join(",", service);
    AgentDaemonSet agent = installed.daemonSet();
    LocalIps bound = agent.localIps();
    boolean stale =
        agent.mode() == CacheMode.IPTABLES
            && bound.clusterIps().stream().anyMatch(ip -> !IpAddresses.contains(service, ip));
    if (stale) {
      report.accept(
          CheckResult.fail(
              NAME,
              "the agent binds "
                  + String.join(",", bound.all())
                  + " but "
                  + kubeDns.source()
                  + " is "
                  + ips,
              "node-local-dns install (it reads the current ClusterIP"
                  + (service.size() > 1 ? "s)" : ")")));
      return;
    }
    List<String> unserved =
        service.stream().filter(ip -> bound.ofFamily(IpAddresses.isIpv6(ip)).isEmpty()).toList();
    report.accept(
        CheckResult.ok(
            NAME,
            kubeDns.source()
                + " "
                + ips
                + (unserved.isEmpty()
                    ? ""
                    : "; the cache serves no "
                        + (IpAddresses.isIpv6(unserved.getFirst()) ? "IPv6" : "IPv4")
                        + ": queries to "
                        + String.join(",", unserved)
                        + " go to CoreDNS without it (node-local-dns install serves every family)")));
  }
}
