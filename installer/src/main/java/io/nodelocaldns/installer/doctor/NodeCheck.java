package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** A check of one node, made through the ready agent pod on it (which runs on the host network). */
interface NodeCheck {
  /**
   * Empty when the check does not apply to this agent (e.g. kubelet's clusterDNS in iptables mode).
   */
  Optional<CheckResult> check(InstalledAgent agent, Pod pod);
}
