package io.nodelocaldns.installer.kube;

/** Runs a command in a pod's container, like {@code kubectl exec}. */
public interface PodExec {
  /** What the command printed and its exit code (-1 when it could not be run at all). */
  record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  Result exec(String namespace, String pod, String container, String... command);
}
