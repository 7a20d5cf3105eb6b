package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.kube.KubeAccess;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Which cluster and namespace: the flags every command that talks to a cluster takes. */
public final class ConnectionFlags {
  @Parameter(
      names = "--kubeconfig",
      description = "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else in-cluster)")
  String kubeconfig;

  @Parameter(names = "--context", description = "kubeconfig context (default: its current-context)")
  String context;

  private static final String KUBE_SYSTEM = "kube-system";

  @Parameter(
      names = "--namespace",
      description =
          "namespace of the release and the agents (install and render: kube-system only, where"
              + " CoreDNS runs)")
  String namespace = KUBE_SYSTEM;

  public KubeAccess access(Map<String, String> env) {
    if (namespace == null || !namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw new UsageException("--namespace: \"" + namespace + "\" is not a namespace name");
    }
    return new KubeAccess(
        Optional.ofNullable(kubeconfig).map(Path::of), Optional.ofNullable(context), env);
  }

  public String namespace() {
    return namespace;
  }

  /**
   * The namespace a release is installed or rendered in: kube-system, or a usage error saying why
   * (the chart refuses any other when rendered, with the same reason).
   */
  public String releaseNamespace() {
    if (!KUBE_SYSTEM.equals(namespace)) {
      throw new UsageException(
          "--namespace "
              + namespace
              + ": node-local-dns is installed in kube-system only: its kube-dns-upstream Service"
              + " must select the CoreDNS pods, which are there, and the agent finds that Service"
              + " and the kube-dns ConfigMap in its own namespace");
    }
    return namespace;
  }
}
