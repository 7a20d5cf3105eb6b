package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The container image on a {@link SimulatedNode}: its layers unpacked into a root filesystem, its
 * entrypoint (read from the image config) run chrooted in the node namespace with the chart's args
 * and the chart's restrictions ({@link AgentLauncher.Image}, {@link ChartPod}: its capabilities
 * only, no_new_privs, a read-only root with its emptyDirs), and {@link NodeAgentIT}'s iptables
 * scenario and SIGTERM teardown must hold as they do for the jar, on an iptables-legacy node too.
 * Skipped, with a message, without root, {@code ip netns} or {@code capsh}, or when the image
 * tarball was not built (the modes module's {@code image} profile builds it).
 */
class ImageAgentIT {
  private static ImageRootfs image;

  private SimulatedNode node;

  @BeforeAll
  static void machine() {
    Preconditions.assumeSimulatedNodePossible();
  }

  @BeforeEach
  void unpackImageOnce() {
    // per test, not per class: each test is then reported skipped with the reason
    Path tar = Preconditions.assumeImageTar();
    if (image == null) {
      long started = System.nanoTime();
      image = ImageRootfs.unpack(tar, Preconditions.imageRootfs());
      System.out.printf(
          "unpacked %s (%d layers) into %s in %d ms%n",
          tar,
          image.config().layers().size(),
          image.root(),
          (System.nanoTime() - started) / 1_000_000);
    }
    Preconditions.assumeRunnableHere(image.config());
  }

  @AfterEach
  void tearDown() {
    if (node != null) {
      node.close(); // stops its agents, printing their logs
    }
  }

  @Test
  void theImageIsTheChartsAndStartsTheAgentWithTheRepositorysJvmOptions() throws IOException {
    assertThat(image.config().repoTags())
        .as("the chart deploys %s", ImageReferenceTest.chartImage())
        .containsExactly(ImageReferenceTest.chartImage());
    assertThat(image.command(List.of("-localip", "169.254.20.10")))
        .startsWith("java", "@/app/jvm.options")
        .endsWith("io.nodelocaldns.modes.agent.AgentMain", "-localip", "169.254.20.10");
    assertThat(Files.readString(image.root().resolve("app/jvm.options")))
        .as("/app/jvm.options in the image")
        .isEqualTo(Files.readString(Preconditions.jvmOptions()));
    // Netty's epoll for both platforms the image is built for (docs/image.md)
    assertThat(Files.readString(image.root().resolve("app/jib-classpath-file")))
        .contains("netty-transport-native-epoll-", "-linux-x86_64.jar", "-linux-aarch_64.jar");
  }

  @Test
  void iptablesMode_theImageAnswersLikeTheJar_untracked_cached_externalNamesToNodeResolver() {
    AgentProcess agent = start(AgentOptions.iptablesMode());
    restrictedAsTheChartsPod(agent);
    checks().iptablesModeAnswersUntrackedCachedAndForwardsExternalNames();
    checks().printSeedChecks();
  }

  /**
   * On a node whose kube-proxy uses iptables-legacy the agent must find that out and put its rules
   * there: iptables-legacy talks to the kernel through a raw socket, so this is what needs the
   * chart's NET_RAW (without it iptables-legacy-save prints nothing and exits 0, and the rules
   * would land in iptables-nft).
   */
  @Test
  void iptablesMode_onAnIptablesLegacyNode_theRulesGoToLegacyAndSigtermRemovesThem() {
    node = SimulatedNode.create(KubeProxy.IPTABLES_LEGACY);
    NodeListings before = NodeListings.of(node);
    RealKernelScenarios.BackendListing nftBefore =
        RealKernelScenarios.BackendListing.of(node, "iptables-nft");
    AgentProcess agent = start(AgentOptions.iptablesMode());
    restrictedAsTheChartsPod(agent);

    assertThat(node.iptablesInNode("-t", "raw", "-S").check().stdout())
        .as("iptables-legacy holds the agent's rules")
        .contains(SeedRules.COMMENT_MARK);
    checks().iptablesModeAnswersUntrackedCachedAndForwardsExternalNames();
    checks().printSeedChecks();
    assertThat(RealKernelScenarios.BackendListing.of(node, "iptables-nft"))
        .as("iptables-nft holds none of the agent's rules")
        .isEqualTo(nftBefore);

    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();
    assertThat(NodeListings.of(node)).isEqualTo(before);
  }

  /**
   * Each capability the chart grants is needed, on an iptables-legacy node: without NET_ADMIN the
   * node cannot be set up, without NET_BIND_SERVICE port 53 cannot be bound (the agent exits either
   * way), and without NET_RAW the agent, blind to iptables-legacy, quietly puts its rules into
   * iptables-nft while kube-proxy's are in iptables-legacy.
   */
  @Test
  void withoutAnyOneOfTheChartsCapabilities_theAgentFailsOrMisplacesItsRules() {
    node = SimulatedNode.create(KubeProxy.IPTABLES_LEGACY);
    ChartPod pod = ChartPod.rendered();

    AgentProcess noNetAdmin = start(pod.without("NET_ADMIN"));
    assertThat(noNetAdmin.awaitExit()).as("exit code; log:\n%s", noNetAdmin.log()).isNotZero();
    assertThat(noNetAdmin.log()).contains("ip link add").contains("Operation not permitted");

    AgentProcess noBind = start(pod.without("NET_BIND_SERVICE"));
    assertThat(noBind.awaitExit()).as("exit code; log:\n%s", noBind.log()).isNotZero();
    assertThat(noBind.log()).contains(":53").contains("Permission denied");

    AgentProcess noRaw = start(pod.without("NET_RAW"));
    await("rules of the agent without NET_RAW")
        .atMost(AgentProcess.READY_TIMEOUT)
        .until(
            () ->
                node.inNode("iptables-nft", "-t", "raw", "-S")
                    .stdout()
                    .contains(SeedRules.COMMENT_MARK));
    assertThat(node.iptablesInNode("-t", "raw", "-S").check().stdout())
        .as("iptables-legacy, kube-proxy's backend, without NET_RAW")
        .doesNotContain(SeedRules.COMMENT_MARK);
    assertThat(noRaw.terminate()).isZero();
  }

  @Test
  void teardown_sigtermLeavesNoRuleAddressLinkProcessOrMountBehind() {
    NodeListings before = NodeListings.of(node());
    AgentProcess agent = start(AgentOptions.iptablesMode());
    restrictedAsTheChartsPod(agent);
    assertThat(processesRootedIn(image.root()))
        .as("processes whose root is the image's: the one the test holds is the agent's JVM")
        .contains(agent.pid());
    assertThat(hostMountsUnder(image.root()))
        .as("the launcher's mounts stay in its own mount namespace")
        .isEmpty();

    assertThat(agent.terminate()).as("exit code on SIGTERM").isZero();

    assertThat(NodeListings.of(node())).isEqualTo(before);
    assertThat(processesRootedIn(image.root())).isEmpty();
    assertThat(hostMountsUnder(image.root())).isEmpty();
  }

  /**
   * The agent's JVM runs as the chart's pod would: exactly the chart's capabilities (effective,
   * permitted and bounding; none inheritable or ambient), no_new_privs, the root filesystem
   * read-only, and nothing written but to the emptyDirs (and the run directory) — or it would not
   * have started. Seccomp is not imitated here (a container runtime's filter needs the runtime).
   */
  private static void restrictedAsTheChartsPod(AgentProcess agent) {
    ChartPod pod = ChartPod.rendered();
    Map<String, String> status = Capabilities.status(agent.pid());
    String granted = Capabilities.mask(pod.capabilities());
    System.out.printf(
        "agent pid %d: %s; capabilities %s%n",
        agent.pid(), status, Capabilities.names(status.get("CapEff")));

    assertThat(status)
        .containsEntry("CapEff", granted)
        .containsEntry("CapPrm", granted)
        .containsEntry("CapBnd", granted)
        .containsEntry("CapInh", Capabilities.mask(List.of()))
        .containsEntry("CapAmb", Capabilities.mask(List.of()))
        .containsEntry("NoNewPrivs", pod.noNewPrivs() ? "1" : "0");
    assertThat(rootMountOptions(agent.pid()))
        .as("the agent's / (readOnlyRootFilesystem)")
        .contains(pod.readOnlyRootFilesystem() ? "ro" : "rw");
    // Netty unpacks its epoll library into java.io.tmpdir (/tmp, an emptyDir) and loads it from
    // there; where it cannot (read-only or noexec), it quietly serves with NIO instead
    assertThat(agent.log()).as("the agent's log").contains(" with epoll on ");
    // the chart's hostPath state directory, writable with the chart's capabilities only
    assertThat(agent.log())
        .as("warm restarts in the chart's pod")
        .doesNotContain("warm restart: c");
    assertThat(agent.runDirectory().resolveSibling("state").resolve("handover.sock"))
        .as("the hand-over socket, in the node's state directory")
        .exists();
    for (String flag : List.of("-conf", "-pidfile")) {
      String file = pod.flag(flag).orElseThrow();
      assertThat(Path.of("/proc", String.valueOf(agent.pid()), "root", file.substring(1)))
          .as("%s %s, in an emptyDir of the chart's", flag, file)
          .isRegularFile();
    }
    for (String dir : pod.emptyDirMounts()) {
      System.out.printf(
          "agent pid %d, emptyDir %s holds: %s%n",
          agent.pid(), dir, listing(agent.pid(), dir, agent.runDirectory()));
    }
  }

  /** The mount options of the process's root, from {@code /proc/PID/mountinfo}. */
  private static List<String> rootMountOptions(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "mountinfo")).stream()
          .map(line -> line.split(" "))
          .filter(fields -> fields[4].equals("/"))
          .map(fields -> List.of(fields[5].split(",")))
          .reduce((first, last) -> last) // the topmost mount on /
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files under {@code dir} as the process sees them, but those of the run directory. */
  private static List<String> listing(long pid, String dir, Path run) {
    Path root = Path.of("/proc", String.valueOf(pid), "root");
    Path inRoot = root.resolve(dir.substring(1));
    Path runInRoot = root.resolve(run.toString().substring(1));
    try (Stream<Path> files = Files.walk(inRoot)) {
      return files
          .filter(f -> !f.equals(inRoot) && !f.startsWith(runInRoot) && !runInRoot.startsWith(f))
          .map(f -> inRoot.relativize(f).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of("(unreadable: " + e + ")");
    }
  }

  private AgentProcess start(AgentOptions options) {
    return AgentProcess.start(node(), options, AgentLauncher.Image.of(image)).awaitReady();
  }

  /**
   * The iptables-mode agent with {@code pod}'s restrictions instead of the chart's; not awaited.
   */
  private AgentProcess start(ChartPod pod) {
    AgentLauncher.Image launcher = AgentLauncher.Image.of(image);
    return AgentProcess.start(
        node(),
        AgentOptions.iptablesMode(),
        new AgentLauncher.Image(image, pod, launcher.capsh(), launcher.lastCap()));
  }

  /** Built on first use: the image checks need no node. */
  private SimulatedNode node() {
    if (node == null) {
      node = SimulatedNode.create();
    }
    return node;
  }

  private NodeChecks checks() {
    return new NodeChecks(node());
  }

  /** PIDs whose root directory ({@code /proc/PID/root}) is {@code root}. */
  private static List<Long> processesRootedIn(Path root) {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> root.equals(rootOf(p)))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path rootOf(Path process) {
    try {
      return Files.readSymbolicLink(process.resolve("root"));
    } catch (IOException e) {
      return null; // exited meanwhile, or a kernel thread
    }
  }

  /** Mount points under {@code root} in this JVM's mount namespace (the host's). */
  private static List<String> hostMountsUnder(Path root) {
    try {
      return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
          .map(line -> line.split(" ")[4])
          .filter(mountPoint -> mountPoint.startsWith(root.toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
