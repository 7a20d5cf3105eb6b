package io.nodelocaldns.installer.doctor;

import java.util.function.Consumer;

/** One of doctor's checks of the installed agent. */
interface DoctorCheck {
  /**
   * Reports what it found: one result, one per node, or none when it does not apply. Each result is
   * reported as soon as it is known, so a slow cluster shows progress.
   */
  void run(InstalledAgent agent, Consumer<CheckResult> report);
}
