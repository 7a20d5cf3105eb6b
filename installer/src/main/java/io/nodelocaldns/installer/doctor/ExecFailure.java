package io.nodelocaldns.installer.doctor;

import io.nodelocaldns.installer.kube.PodExec;

/** How a failed exec into an agent pod is told: what happened, and the fix that fits it. */
final class ExecFailure {
  private ExecFailure() {}

  /** {@code exit 1: first line of what it printed}. */
  static String summary(PodExec.Result r) {
    String text = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
    return "exit "
        + r.exitCode()
        + (text.isEmpty() ? "" : ": " + text.lines().findFirst().orElse(""));
  }

  /**
   * Exec that never ran (-1) or a missing tool (126/127) needs another fix than a failed command.
   */
  static String fix(PodExec.Result r, String tool, String otherwise) {
    if (r.exitCode() == -1) {
      return "allow exec into the agent pods (RBAC pods/exec) and check the API server reaches the node's kubelet";
    }
    if (r.exitCode() == 126 || r.exitCode() == 127) {
      return "the agent image lacks `" + tool + "`; check on the node itself";
    }
    return otherwise;
  }
}
