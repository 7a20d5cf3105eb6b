package io.nodelocaldns.installer.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.install.HelmJavaReleases;
import io.nodelocaldns.installer.install.HelmReleases;
import io.nodelocaldns.installer.kube.Fabric8PodExec;
import io.nodelocaldns.installer.kube.KubeAccess;
import io.nodelocaldns.installer.kube.Pause;
import io.nodelocaldns.installer.kube.PodExec;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the commands reach outside the JVM, injected so that tests run them against fabric8's mock
 * server, a stand-in chart, a fake Helm and a fake {@code docker} without changing a line of them.
 */
public record Environment(
    Map<String, String> env,
    Function<KubeAccess, KubernetesClient> clients,
    Supplier<HelmChart> chart,
    Function<KubeAccess, HelmReleases> helm,
    Function<KubernetesClient, PodExec> exec,
    Pause pause,
    Duration poll,
    Supplier<String> names) {

  /** The real thing: the process environment, the bundled chart, helm-java, real sleeps. */
  public static Environment system() {
    return new Environment(
        System.getenv(),
        KubeAccess::openClient,
        HelmChart::bundled,
        access -> new HelmJavaReleases(access.kubeconfigForHelm()),
        Fabric8PodExec::new,
        Pause.real(),
        Duration.ofSeconds(2),
        () -> UUID.randomUUID().toString().substring(0, 8));
  }
}
