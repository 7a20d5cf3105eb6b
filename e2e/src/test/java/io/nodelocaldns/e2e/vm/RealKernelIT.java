package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nodelocaldns.e2e.node.RealKernelScenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modes' scenarios on a real kernel (the machine's Debian kernel, with dummy links, IPVS and
 * both iptables backends), one test each. One VM boot runs them all, in one guest JVM ({@link
 * RealKernelScenarios}, as root), on the first test that needs a result; each test then asserts its
 * own scenario's exit code as the guest reported it. The guest's console is the output of the test
 * that booted it. Skipped, saying why, without qemu, a kernel, busybox-static, root, or the agent
 * jar. {@code -Dnld.vm.scenarios=word,word} runs only those scenarios in the VM (the others' tests
 * are skipped).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealKernelIT {
  /**
   * A hard bound for the one VM, far above the six scenarios' run (7-11 minutes under TCG on two
   * shared cores, the dual-stack one about 2.5 of them); only a hung guest reaches it, and then
   * qemu is destroyed.
   */
  static final Duration TIMEOUT = Duration.ofMinutes(30);

  /**
   * The fixtures' hang bounds (agent ready and exit, commands, dig and curl timeouts) times this in
   * the guest: TCG on two shared cores is many times slower than the namespace e2e's machine.
   */
  static final String GUEST_TIMEOUT_SCALE = "4";

  /**
   * The agent's JIT at C1 only in the guest: C2's compile threads would take most of the two
   * emulated CPUs while the scenario runs. jvm.options and the agent's flags stay as shipped.
   */
  // -Xshare:auto undoes jvm.options' -Xshare:off: under emulation the shared archive below is
  // what keeps seven agent starts short
  static final String GUEST_AGENT_JVM_FLAGS = "-XX:TieredStopAtLevel=1 -Xshare:auto";

  /**
   * Class-data sharing for the agent's seven JVM starts in the guest: the first agent to exit
   * writes a dynamic archive of the classes it loaded into {@code archive} (in the guest's memory),
   * and every later agent maps them instead of parsing and verifying them from the jar again. Each
   * agent logs {@code -Xlog:cds} to a file in {@code logs}, and only there (its own warnings and
   * errors too: the JVM's other warnings still go to the agent's log as without these flags); the
   * guest prints the summary lines. The base archive is the JDK's default one, dumped without
   * {@code --enable-native-access}, so each agent logs that it disables the archived module graph;
   * its classes are still mapped.
   */
  static String guestAgentJvmFlags(Path archive, Path logs) {
    return GUEST_AGENT_JVM_FLAGS
        + " -XX:SharedArchiveFile="
        + archive
        + " -XX:+AutoCreateSharedArchive -Xlog:disable -Xlog:all=warning,cds=off:stdout"
        + " -Xlog:cds=info:file="
        + logs.resolve("agent-cds-%p.log");
  }

  private static final String AGENT_JAR_PROPERTY = "nld.agent.jar";
  private static final String JVM_OPTIONS_PROPERTY = "nld.jvm.options";
  private static final String SCENARIOS_PROPERTY = "nld.vm.scenarios";

  @TempDir Path work;

  /** The VM's outcome, once booted: each scenario's exit code, or why there is none. */
  private Map<String, Integer> results;

  private String noResultsReason;

  @Test
  void
      ipvsMode_asUsersInstallIt_linkLocalOnDummy_clusterNamesOverTcpThroughIpvs_kubeIpvs0Untouched() {
    check(RealKernelScenarios.Scenario.IPVS_MODE);
  }

  @Test
  void wrongModeOnIpvsNode_iptablesIsRefusedNamingKubeIpvs0_autoRunsIpvsOnTheLinkLocalAndWarns() {
    check(RealKernelScenarios.Scenario.WRONG_MODE_ON_IPVS_NODE);
  }

  @Test
  void iptablesMode_legacyNode_ourRulesInLegacyNoneInNft_bothBackendsIsAnErrorNamingBoth() {
    check(RealKernelScenarios.Scenario.IPTABLES_LEGACY);
  }

  @Test
  void iptablesMode_nftNode_ourRulesInNftNoneInLegacy() {
    check(RealKernelScenarios.Scenario.IPTABLES_NFT);
  }

  @Test
  void kubeProxyInNftablesMode_podQueriesToTheClusterIpBypassConntrackAndTheDnat_coreDnsSeesTcp() {
    check(RealKernelScenarios.Scenario.NFTABLES_KUBE_PROXY);
  }

  @Test
  void
      dualStack_iptablesMode_ipv6AddressesOnTheDummyNodad_podAAndAaaaFromTheCacheUntracked_reconciled_sigtermRestoresBothFamilies() {
    check(RealKernelScenarios.Scenario.DUAL_STACK_IPTABLES);
  }

  private void check(RealKernelScenarios.Scenario scenario) {
    List<String> selected = selected();
    assumeTrue(
        selected.contains(scenario.word()),
        "scenario " + scenario.word() + " not in -D" + SCENARIOS_PROPERTY + "=" + selected);
    VmRunner vm = VmPreconditions.assumeVmPossible();
    Path jar = path(AGENT_JAR_PROPERTY, "../modes/target/node-local-dns-agent.jar");
    assumeTrue(
        Files.isRegularFile(jar),
        "agent jar not built: " + jar + " is missing (./mvnw -pl modes -am package -DskipTests)");
    if (results == null) {
      boot(vm, selected);
    }
    Integer exit = results.get(scenario.word());
    if (exit == null) {
      throw new AssertionError(
          "scenario " + scenario.word() + " reported no result: " + noResultsReason);
    }
    assumeTrue(
        exit != RealKernelScenarios.EXIT_SKIPPED,
        "the guest skipped scenario " + scenario.word() + " (its reason is in the output)");
    assertThat(exit)
        .as(
            "scenario %s in the guest (its output is in this class's log, from the test that"
                + " booted the VM)",
            scenario.word())
        .isZero();
  }

  /** Boots the one VM and runs {@code scenarios} in it, recording each one's exit code. */
  private void boot(VmRunner vm, List<String> scenarios) {
    Path cdsLogs = work.resolve("cds");
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
                guestAgentJvmFlags(work.resolve("agent.jsa"), cdsLogs),
                "nld.agent.cds.log.dir",
                cdsLogs.toString()),
            RealKernelScenarios.class.getName(),
            scenarios);
    try {
      Files.createDirectories(cdsLogs);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long started = System.nanoTime();
    results = Map.of();
    noResultsReason = "the VM did not run";
    // seconds since boot on each line: where a slow scenario spends its time
    VmRunner.Outcome outcome =
        vm.run(
            work,
            guest.script(),
            TIMEOUT,
            line -> System.out.printf("%5.1f %s%n", (System.nanoTime() - started) / 1e9, line));
    System.out.printf(
        "vm: scenarios %s took %d s (boot to power-off)%n",
        scenarios, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    results = ScenarioResults.parse(RealKernelScenarios.RESULT_MARKER, outcome.console());
    System.out.println("vm: results " + results);
    try {
      noResultsReason = "the guest driver exited " + outcome.exitCodeOrThrow() + " before it";
    } catch (AssertionError e) {
      noResultsReason = e.getMessage();
    }
  }

  private static List<String> selected() {
    String property = System.getProperty(SCENARIOS_PROPERTY, "").strip();
    if (property.isEmpty()) {
      return Arrays.stream(RealKernelScenarios.Scenario.values())
          .map(RealKernelScenarios.Scenario::word)
          .toList();
    }
    return List.of(property.split("\\s*,\\s*"));
  }

  private static Path path(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
  }
}
