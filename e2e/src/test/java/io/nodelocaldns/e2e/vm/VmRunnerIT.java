package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner alone: a guest boots the machine's kernel, runs a script as root, reports its exit.
 */
class VmRunnerIT {
  @TempDir Path work;

  @Test
  void guestRunsTheScriptAsRootOnTheDebianKernelWithDummyAndIpvs_andReportsItsExitCode() {
    VmRunner vm = VmPreconditions.assumeVmPossible();
    String script =
        """
        set -e
        test "$(id -u)" = 0
        ip link add probe0 type dummy
        modprobe ip_vs
        ipvsadm -A -u 10.96.0.10:53 -s rr
        ipvsadm -Ln
        test -x %s
        exit 7
        """
            .formatted(Path.of(System.getProperty("java.home"), "bin", "java"));
    // a bound on a hang, not a timing: a guest under software emulation on two busy cores once
    // took over 3 minutes to boot while other builds ran beside it
    VmRunner.Outcome outcome = vm.run(work, script, Duration.ofMinutes(10), System.out::println);
    assertThat(outcome.exitCodeOrThrow()).as("the script's exit code").isEqualTo(7);
    assertThat(outcome.console()).anyMatch(l -> l.contains("UDP  10.96.0.10:53 rr"));
  }
}
