package io.nodelocaldns.installer.install;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.ListCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UninstallCommand;
import com.marcnuri.helm.UpgradeCommand;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.chart.ChartValues;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.chart.HelmNativeLibrary;
import java.util.Optional;

/**
 * Releases through helm-java (the Helm Go library), so that a {@code helm} user sees and can take
 * over the release. The kubeconfig is passed as contents so that {@code --context} applies.
 */
public final class HelmJavaReleases implements HelmReleases {
  private final Optional<String> kubeconfig;

  public HelmJavaReleases(Optional<String> kubeconfigContents) {
    this.kubeconfig = kubeconfigContents;
  }

  @Override
  public Optional<ReleaseSummary> find(String name, String namespace) {
    HelmNativeLibrary.requireForThisPlatform();
    ListCommand list = Helm.list().all().withNamespace(namespace);
    kubeconfig.ifPresent(list::withKubeConfigContents);
    try {
      return list.call().stream()
          .filter(r -> name.equals(r.getName()))
          .findFirst()
          .map(
              r ->
                  new ReleaseSummary(
                      r.getName(), r.getNamespace(), r.getRevision(), r.getStatus(), r.getChart()));
    } catch (RuntimeException e) {
      throw new InstallerException(
          "helm list in " + namespace + " failed: " + InstallerException.oneLine(e));
    }
  }

  @Override
  public ReleaseSummary installOrUpgrade(
      HelmChart chart, String name, String namespace, ChartValues values) {
    boolean exists = find(name, namespace).isPresent();
    Release release;
    try {
      if (exists) {
        UpgradeCommand upgrade =
            new Helm(chart.directory()).upgrade().withName(name).withNamespace(namespace);
        values.files().forEach(upgrade::withValuesFile);
        values.sets().forEach(upgrade::set);
        kubeconfig.ifPresent(upgrade::withKubeConfigContents);
        release = upgrade.call();
      } else {
        InstallCommand install =
            new Helm(chart.directory())
                .install()
                .withName(name)
                .withNamespace(namespace)
                .createNamespace();
        values.files().forEach(install::withValuesFile);
        values.sets().forEach(install::set);
        kubeconfig.ifPresent(install::withKubeConfigContents);
        release = install.call();
      }
    } catch (RuntimeException e) {
      throw new InstallerException(
          "helm " + (exists ? "upgrade" : "install") + " failed: " + InstallerException.oneLine(e));
    }
    return new ReleaseSummary(
        release.getName(),
        release.getNamespace(),
        release.getRevision(),
        release.getStatus(),
        release.getChart());
  }

  @Override
  public boolean uninstall(String name, String namespace) {
    if (find(name, namespace).isEmpty()) {
      return false;
    }
    UninstallCommand uninstall = Helm.uninstall(name).withNamespace(namespace);
    kubeconfig.ifPresent(uninstall::withKubeConfigContents);
    try {
      uninstall.call();
      return true;
    } catch (RuntimeException e) {
      throw new InstallerException("helm uninstall failed: " + InstallerException.oneLine(e));
    }
  }
}
