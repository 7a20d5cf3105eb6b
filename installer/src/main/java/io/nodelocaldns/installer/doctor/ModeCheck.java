package io.nodelocaldns.installer.doctor;

import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.discovery.KubeProxyMode;
import io.nodelocaldns.installer.discovery.Sourced;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.values.CacheMode;
import java.util.function.Consumer;

/** The agent's mode must be the one kube-proxy's mode needs. */
final class ModeCheck implements DoctorCheck {
  private static final String NAME = "mode";

  @Override
  public void run(InstalledAgent installed, Consumer<CheckResult> report) {
    AgentDaemonSet agent = installed.daemonSet();
    Sourced<KubeProxyMode> proxy;
    try {
      proxy = installed.discovery().kubeProxyMode();
    } catch (InstallerException e) {
      report.accept(
          CheckResult.fail(
              NAME,
              "cannot tell kube-proxy's mode: " + e.getMessage(),
              "make sure the agent's mode ("
                  + agent.mode().cliName()
                  + ") matches how Services are routed"));
      return;
    }
    CacheMode wanted = CacheMode.matching(proxy.value());
    String kubeProxy = proxy.value().cliName() + " (" + proxy.source() + ")";
    if (wanted == agent.mode()) {
      report.accept(
          CheckResult.ok(NAME, "agent " + agent.mode().cliName() + ", kube-proxy " + kubeProxy));
    } else {
      report.accept(
          CheckResult.fail(
              NAME,
              "the agent runs in "
                  + agent.mode().cliName()
                  + " mode but kube-proxy runs "
                  + kubeProxy,
              "node-local-dns install --mode " + wanted.cliName()));
    }
  }
}
