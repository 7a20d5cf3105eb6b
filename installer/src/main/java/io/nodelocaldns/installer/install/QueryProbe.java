package io.nodelocaldns.installer.install;

import java.util.Optional;

/** One DNS query from a pod on a given node, as an application would send it. */
public interface QueryProbe {
  /** Whether the name resolved, and what the resolver printed (for the error message). */
  record Answer(boolean resolved, String output) {}

  /**
   * Resolves {@code name} from a pod on {@code node}; through the pod's own resolv.conf
   * (ClusterFirst) when {@code server} is empty, else through {@code server}.
   */
  Answer query(String node, String name, Optional<String> server);
}
