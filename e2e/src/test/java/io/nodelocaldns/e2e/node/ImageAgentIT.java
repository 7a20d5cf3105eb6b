package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The container image on a {@link SimulatedNode}: its layers unpacked into a root filesystem, its
 * entrypoint (read from the image config) run chrooted in the node namespace with the chart's args
 * ({@link AgentLauncher.Image}), and {@link NodeAgentIT}'s iptables scenario and SIGTERM teardown
 * must hold as they do for the jar. Skipped, with a message, without root or {@code ip netns}, or
 * when the image tarball was not built (the modes module's {@code image} profile builds it).
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
    start(AgentOptions.iptablesMode());
    checks().iptablesModeAnswersUntrackedCachedAndForwardsExternalNames();
    checks().printSeedChecks();
  }

  @Test
  void teardown_sigtermLeavesNoRuleAddressLinkProcessOrMountBehind() {
    NodeListings before = NodeListings.of(node());
    AgentProcess agent = start(AgentOptions.iptablesMode());
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

  private AgentProcess start(AgentOptions options) {
    return AgentProcess.start(node(), options, AgentLauncher.Image.of(image)).awaitReady();
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
