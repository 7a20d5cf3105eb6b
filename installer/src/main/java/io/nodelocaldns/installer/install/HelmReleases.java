package io.nodelocaldns.installer.install;

import io.nodelocaldns.installer.chart.ChartValues;
import io.nodelocaldns.installer.chart.HelmChart;
import java.util.Optional;

/**
 * The Helm side of install and uninstall, behind an interface so that the Kubernetes side can be
 * tested on fabric8's mock server, which Helm's client cannot use (see {@link HelmJavaReleases}).
 */
public interface HelmReleases {
  /** A release as {@code helm list} shows it. */
  record ReleaseSummary(
      String name, String namespace, String revision, String status, String chart) {}

  Optional<ReleaseSummary> find(String name, String namespace);

  /** {@code helm install}, or {@code helm upgrade} when the release exists. */
  ReleaseSummary installOrUpgrade(
      HelmChart chart, String name, String namespace, ChartValues values);

  /** {@code helm uninstall}; false when there was no such release. */
  boolean uninstall(String name, String namespace);
}
