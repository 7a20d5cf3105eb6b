package io.nodelocaldns.e2e.node;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * What the node e2e needs from the machine, checked as JUnit assumptions so that elsewhere the
 * scenarios skip with a message saying what is missing rather than fail.
 */
final class Preconditions {
  /** The tools the fixture and the checks run; all Debian packages (see docs/e2e.md). */
  static final List<String> TOOLS =
      List.of("ip", "iptables", "conntrack", "dig", "unbound", "unbound-control", "curl");

  static final String AGENT_JAR_PROPERTY = "nld.agent.jar";
  static final String JVM_OPTIONS_PROPERTY = "nld.jvm.options";
  static final String IMAGE_TAR_PROPERTY = "nld.image.tar";
  static final String IMAGE_ROOTFS_PROPERTY = "nld.image.rootfs";

  private Preconditions() {}

  /** Root, the tools, and a usable {@code ip netns} (a probe namespace is made and deleted). */
  static void assumeSimulatedNodePossible() {
    assumeTrue(
        isRoot(), "node e2e needs root (network namespaces, iptables): skipped as uid " + uid());
    for (String tool : TOOLS) {
      assumeTrue(
          onPath(tool),
          "node e2e needs `"
              + tool
              + "` on PATH: apt-get install iproute2 iptables "
              + "conntrack dnsutils unbound curl");
    }
    String probe =
        "nld-probe-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    Commands.Result added = Commands.run(List.of("ip", "netns", "add", probe));
    try {
      assumeTrue(added.ok(), "`ip netns` unusable here, node e2e skipped: " + added);
    } finally {
      if (added.ok()) {
        Commands.run(List.of("ip", "netns", "del", probe));
      }
    }
  }

  /** The agent jar the reactor packaged; skips the scenario when it is not there. */
  static Path assumeAgentJar() {
    Path jar = agentJar();
    assumeTrue(
        Files.isRegularFile(jar),
        "agent jar not built: "
            + jar
            + " is missing (./mvnw -pl modes -am package -DskipTests builds it)");
    return jar;
  }

  static Path agentJar() {
    return Path.of(
            System.getProperty(AGENT_JAR_PROPERTY, "../modes/target/node-local-dns-agent.jar"))
        .toAbsolutePath()
        .normalize();
  }

  /**
   * The image tarball the modes module's {@code image} profile built; skips when it is not there or
   * is older than the agent jar.
   */
  static Path assumeImageTar() {
    Path tar =
        absolute(
            System.getProperty(IMAGE_TAR_PROPERTY, "../modes/target/node-local-dns-image.tar"));
    assumeTrue(
        Files.isRegularFile(tar),
        "image tarball not built: "
            + tar
            + " is missing (as root with debootstrap installed, `./mvnw -pl modes -am package"
            + " -DskipTests -Pimage` builds it; docs/image.md)");
    Path agent = agentJar();
    assumeTrue(
        !Files.exists(agent) || !modified(tar).isBefore(modified(agent)),
        "image tarball "
            + tar
            + " is older than the agent jar "
            + agent
            + ": it holds older code, not tested (rebuild it with -Pimage)");
    return tar;
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The host's {@code capsh} (Debian's libcap2-bin), which starts the image with the chart's
   * capabilities only; skips the scenario without it.
   */
  static Path assumeCapsh() {
    Optional<Path> capsh =
        Stream.of("/usr/sbin/capsh", "/sbin/capsh", "/usr/bin/capsh")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();
    assumeTrue(
        capsh.isPresent(),
        "the image runs with the chart's capabilities through capsh, which is not installed:"
            + " apt-get install libcap2-bin");
    return capsh.get();
  }

  /** Where the image tests unpack the image's root filesystem (a directory of the build's). */
  static Path imageRootfs() {
    return absolute(System.getProperty(IMAGE_ROOTFS_PROPERTY, "target/image-rootfs"));
  }

  /** An image of this machine's architecture: a chroot cannot run another's binaries. */
  static void assumeRunnableHere(ImageConfig image) {
    String here =
        switch (System.getProperty("os.arch")) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> System.getProperty("os.arch");
        };
    assumeTrue(
        image.architecture().equals(here),
        "the image is linux/" + image.architecture() + ", this machine " + here + ": not run here");
  }

  private static Path absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }

  static Path jvmOptions() {
    return Path.of(System.getProperty(JVM_OPTIONS_PROPERTY, "../jvm.options"))
        .toAbsolutePath()
        .normalize();
  }

  private static boolean isRoot() {
    return "0".equals(uid());
  }

  private static String uid() {
    return Commands.run(List.of("id", "-u")).stdout().strip();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    // sbin is not always on a test JVM's PATH although ip netns exec finds it as root
    return Files.isExecutable(Path.of("/usr/sbin", tool))
        || Files.isExecutable(Path.of("/sbin", tool));
  }
}
