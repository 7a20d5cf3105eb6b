package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nodelocaldns.e2e.node.RealKernelScenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's scenarios on a real kernel: each test boots one VM (the machine's Debian kernel, with
 * dummy links, IPVS and both iptables backends) and runs one {@link RealKernelScenarios} scenario
 * in it as root; the guest's console is this test's output. Skipped, saying why, without qemu, a
 * kernel, busybox-static, root, or the agent jar.
 */
class RealKernelIT {
  /**
   * A hard bound per VM, far above a scenario's run (about two minutes under TCG); only a hung
   * guest reaches it, and then qemu is destroyed.
   */
  static final Duration TIMEOUT = Duration.ofMinutes(12);

  /**
   * The fixtures' hang bounds (agent ready and exit, commands, dig and curl timeouts) times this in
   * the guest: TCG on two shared cores is many times slower than the namespace e2e's machine.
   */
  static final String GUEST_TIMEOUT_SCALE = "4";

  /**
   * The agent's JIT at C1 only in the guest: C2's compile threads would take most of the two
   * emulated CPUs while the scenario runs. jvm.options and the agent's flags stay as shipped.
   */
  static final String GUEST_AGENT_JVM_FLAGS = "-XX:TieredStopAtLevel=1";

  private static final String AGENT_JAR_PROPERTY = "nld.agent.jar";
  private static final String JVM_OPTIONS_PROPERTY = "nld.jvm.options";

  @TempDir Path work;
  private VmRunner vm;

  @BeforeEach
  void machine() {
    vm = VmPreconditions.assumeVmPossible();
    Path jar = path(AGENT_JAR_PROPERTY, "../modes/target/node-local-dns-agent.jar");
    assumeTrue(
        Files.isRegularFile(jar),
        "agent jar not built: " + jar + " is missing (./mvnw -pl modes -am package -DskipTests)");
  }

  @Test
  void
      ipvsMode_asUsersInstallIt_linkLocalOnDummy_clusterNamesOverTcpThroughIpvs_kubeIpvs0Untouched() {
    run(RealKernelScenarios.Scenario.IPVS_MODE);
  }

  @Test
  void wrongModeOnIpvsNode_iptablesIsRefusedNamingKubeIpvs0_autoRunsIpvsOnTheLinkLocalAndWarns() {
    run(RealKernelScenarios.Scenario.WRONG_MODE_ON_IPVS_NODE);
  }

  @Test
  void iptablesMode_legacyNode_ourRulesInLegacyNoneInNft_bothBackendsIsAnErrorNamingBoth() {
    run(RealKernelScenarios.Scenario.IPTABLES_LEGACY);
  }

  @Test
  void iptablesMode_nftNode_ourRulesInNftNoneInLegacy() {
    run(RealKernelScenarios.Scenario.IPTABLES_NFT);
  }

  @Test
  void kubeProxyInNftablesMode_podQueriesToTheClusterIpBypassConntrackAndTheDnat_coreDnsSeesTcp() {
    run(RealKernelScenarios.Scenario.NFTABLES_KUBE_PROXY);
  }

  private void run(RealKernelScenarios.Scenario scenario) {
    GuestJava guest =
        new GuestJava(
            Path.of("").toAbsolutePath(),
            Path.of(System.getProperty("java.home")),
            System.getProperty("java.class.path"),
            Map.of(
                AGENT_JAR_PROPERTY,
                path(AGENT_JAR_PROPERTY, "../modes/target/node-local-dns-agent.jar").toString(),
                JVM_OPTIONS_PROPERTY,
                path(JVM_OPTIONS_PROPERTY, "../jvm.options").toString(),
                "nld.timeout.scale",
                GUEST_TIMEOUT_SCALE,
                "nld.agent.extra.jvm.flags",
                GUEST_AGENT_JVM_FLAGS),
            RealKernelScenarios.class.getName(),
            List.of(scenario.word()));
    long started = System.nanoTime();
    // seconds since boot on each line: where a slow scenario spends its time
    VmRunner.Outcome outcome =
        vm.run(
            work,
            guest.script(),
            TIMEOUT,
            line -> System.out.printf("%5.1f %s%n", (System.nanoTime() - started) / 1e9, line));
    System.out.printf(
        "vm: scenario %s took %d s (boot to power-off)%n",
        scenario.word(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
    int exit = outcome.exitCodeOrThrow();
    assumeTrue(
        exit != RealKernelScenarios.EXIT_SKIPPED,
        "the guest skipped scenario " + scenario.word() + " (its reason is in the output)");
    assertThat(exit)
        .as("scenario %s in the guest (its output is in this test's log)", scenario.word())
        .isZero();
  }

  private static Path path(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
  }
}
