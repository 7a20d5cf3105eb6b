package io.nodelocaldns.installer.discovery;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns fabric8's exceptions (multi-line, nested) into the one line a user reads. */
public final class KubeErrors {
  private KubeErrors() {}

  public static String oneLine(Throwable e) {
    if (e instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null) {
      return "API server said " + k.getCode() + ": " + k.getStatus().getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (root != e && e.getMessage() != null) {
      message = e.getMessage().lines().findFirst().orElse("") + " (" + message + ")";
    }
    return message.lines().findFirst().orElse(message);
  }
}
