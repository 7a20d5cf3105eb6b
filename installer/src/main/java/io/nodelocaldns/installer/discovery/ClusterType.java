package io.nodelocaldns.installer.discovery;

import java.util.Locale;

/** Where the cluster runs; it decides the chart's {@code profile} and how kubelet is changed. */
public enum ClusterType {
  KIND,
  EKS,
  GENERIC;

  /** The name used on the command line and as the chart's {@code profile}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A node's {@code spec.providerID}: {@code kind://…} on Kind, {@code aws://…} on EKS. */
  public static ClusterType fromProviderId(String providerId) {
    if (providerId == null) {
      return GENERIC;
    }
    if (providerId.startsWith("kind://")) {
      return KIND;
    }
    if (providerId.startsWith("aws://")) {
      return EKS;
    }
    return GENERIC;
  }
}
