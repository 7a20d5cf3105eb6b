package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The real agent running inside the simulated node's namespace, started as the DaemonSet would
 * with the upstream manifest's flags, by an {@link AgentLauncher}: the jar ({@code java
 * @jvm.options -jar node-local-dns-agent.jar}) or the container image's entrypoint. Its output goes
 * to a file; it is stopped by PID with SIGTERM or SIGKILL.
 */
final class AgentProcess implements AutoCloseable {
  /**
   * The manifest's {@code -syncinterval} is 5s in some versions; 2s keeps reconcile tests short.
   */
  static final String SYNC_INTERVAL = "2s";

  /**
   * Generous: the JVM starts on 2 shared cores next to a build; nothing here is a timed assertion.
   */
  static final Duration READY_TIMEOUT = Timeouts.scaled(Duration.ofSeconds(90));

  /** The contract gives SIGTERM 30 s to drain, tear down and exit. */
  static final Duration EXIT_TIMEOUT = Timeouts.scaled(Duration.ofSeconds(40));

  static final String EXTRA_JVM_FLAGS_PROPERTY = "nld.agent.extra.jvm.flags";

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final SimulatedNode node;
  private final AgentOptions options;
  private final Path log;
  private final Process process;
  private boolean closed;

  private AgentProcess(SimulatedNode node, AgentOptions options, Path log, Process process) {
    this.node = node;
    this.options = options;
    this.log = log;
    this.process = process;
  }

  /** {@link #start(SimulatedNode, AgentOptions, AgentLauncher)} of the packaged jar. */
  static AgentProcess start(SimulatedNode node, AgentOptions options) {
    return start(node, options, AgentLauncher.jar());
  }

  /** Writes the base Corefile, starts the agent in the node namespace and returns at once. */
  static AgentProcess start(SimulatedNode node, AgentOptions options, AgentLauncher launcher) {
    return start(
        node,
        options,
        launcher,
        run -> arguments(run, options),
        Map.of(UPSTREAM_SERVICE_HOST_ENV, KUBE_DNS_UPSTREAM));
  }

  /**
   * As {@link #start(SimulatedNode, AgentOptions, AgentLauncher)} with another command line than
   * the manifest's ({@code arguments} of the run directory) and another pod environment: a
   * community chart's DaemonSet. {@code options} still say which addresses {@link #awaitReady()}
   * waits for and which base Corefile is written to {@code RUN/Corefile.base}.
   */
  static AgentProcess start(
      SimulatedNode node,
      AgentOptions options,
      AgentLauncher launcher,
      Function<Path, List<String>> arguments,
      Map<String, String> env) {
    Path run = node.dir().resolve("agent-" + RUNS.incrementAndGet());
    try {
      Files.createDirectories(run.resolve("kube-dns"));
      Files.writeString(
          run.resolve("Corefile.base"), options.baseCorefile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AgentLauncher.Launch launch = launcher.launch(run, arguments.apply(run), env, extraJvmFlags());
    Path log = run.resolve("agent.log");
    Process process = Commands.start(node.node(), launch.command(), launch.environment(), log);
    AgentProcess agent = new AgentProcess(node, options, log, process);
    node.track(agent);
    return agent;
  }

  /** The upstream node-cache flags of the manifest, then ours (those the options set). */
  static List<String> arguments(Path run, AgentOptions options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-localip",
                String.join(",", options.localIps()),
                "-conf",
                run.resolve("Corefile").toString(),
                "-basecorefile",
                run.resolve("Corefile.base").toString(),
                "-upstreamsvc",
                UPSTREAM_SERVICE,
                "-kubednscm",
                run.resolve("kube-dns").toString(),
                "-syncinterval",
                SYNC_INTERVAL,
                "-health-port",
                String.valueOf(HEALTH_PORT),
                "-interfacename",
                LINK,
                "-pidfile",
                run.resolve("pid").toString(),
                "-skipteardown=" + options.skipTeardown(),
                "-setupinterface",
                "-setupiptables"));
    options.mode().ifPresent(mode -> args.addAll(List.of("--mode", mode)));
    args.addAll(List.of("--profile", options.profile()));
    options.linkType().ifPresent(type -> args.addAll(List.of("--link-type", type)));
    // the node's state directory, as the chart mounts it: every agent of this node shares it (warm
    // restarts), no other node or test sees it
    args.addAll(List.of("--state-dir", run.resolveSibling("state").toString()));
    return List.copyOf(args);
  }

  /**
   * Waits until the agent answers on the link-local address from inside the node (on an IPv6-only
   * run: on the first IPv6 address) and the node is set up for every {@code -localip}: each address
   * on the link, each address's raw NOTRACK rules (IPv6 ones in {@code ip6tables}). Fails at once,
   * with the agent's output, if it exits meanwhile.
   */
  AgentProcess awaitReady() {
    return awaitReady(options.localIps());
  }

  /**
   * As {@link #awaitReady()}, for a run whose link should hold only {@code onLink} of its {@code
   * -localip} (an auto mode that chose IPVS).
   */
  AgentProcess awaitReady(List<String> onLink) {
    await("agent ready in " + node.node())
        .atMost(READY_TIMEOUT)
        // each poll runs dig, ip and iptables: scaled, so that under emulation polling does not
        // take the CPU the starting agent needs
        .pollInterval(Timeouts.scaled(Duration.ofMillis(500)))
        .until(
            () -> {
              assertAlive();
              return Dig.inNs(node.node(), probeAddress(onLink), KUBERNETES_NAME)
                      .answers(KUBERNETES_IP)
                  && nodeSetUp(onLink);
            });
    return this;
  }

  /**
   * Waits until this agent logged that it serves and set the node up: for a successor, whose
   * addresses already answer (its predecessor's), {@link #awaitReady()} proves nothing about it.
   */
  AgentProcess awaitStarted() {
    await("agent pid " + pid() + " started")
        .atMost(READY_TIMEOUT)
        .pollInterval(Timeouts.scaled(Duration.ofMillis(200)))
        .until(
            () -> {
              assertAlive();
              return log().contains(STARTED);
            });
    return this;
  }

  /** What the agent logs once it serves and the node is set up. */
  static final String STARTED = "node-local-dns agent: mode ";

  /**
   * Where readiness is asked: the link-local address if the link should hold it, else the first
   * address it should hold (an IPv6-only run's node-local address).
   */
  static String probeAddress(List<String> onLink) {
    return onLink.contains(LOCAL_DNS) ? LOCAL_DNS : onLink.getFirst();
  }

  /**
   * Whether the link holds each of {@code onLink} as /32 (/128) and the raw table NOTRACKs each;
   * the IPv6 ones are looked for only when there are any.
   */
  boolean nodeSetUp(List<String> onLink) {
    List<String> ipv4 = onLink.stream().filter(ip -> !SeedRules.isIpv6(ip)).toList();
    List<String> ipv6 = onLink.stream().filter(SeedRules::isIpv6).toList();
    List<String> addresses = linkAddresses();
    List<RuleListing.Rule> raw = RuleListing.parse(node.iptablesInNode("-t", "raw", "-S").stdout());
    boolean ipv4SetUp =
        ipv4.stream().allMatch(ip -> addresses.contains(ip + "/32"))
            && SeedRules.forAddresses(ipv4).stream()
                .filter(r -> r.table().equals(SeedRules.RAW))
                .allMatch(r -> SeedRules.count(r, raw) > 0);
    if (!ipv4SetUp || ipv6.isEmpty()) {
      return ipv4SetUp;
    }
    List<String> addresses6 = linkAddresses6();
    List<RuleListing.Rule> raw6 =
        RuleListing.parse(node.ip6tablesInNode("-t", "raw", "-S").stdout());
    return ipv6.stream().allMatch(ip -> addresses6.contains(ip + "/128"))
        && SeedRules.forAddresses(ipv6).stream()
            .filter(r -> r.table().equals(SeedRules.RAW))
            .allMatch(r -> SeedRules.count(r, raw6) > 0);
  }

  /** The IPv4 addresses on the agent's link, e.g. {@code 169.254.20.10/32}; empty if it is gone. */
  List<String> linkAddresses() {
    return linkAddresses("-4");
  }

  /** The IPv6 addresses on the agent's link, e.g. {@code fd00::10/128}; empty if it is gone. */
  List<String> linkAddresses6() {
    return linkAddresses("-6");
  }

  private List<String> linkAddresses(String family) {
    Commands.Result shown = node.inNode("ip", "-o", family, "addr", "show", "dev", LINK);
    return shown.ok()
        ? NodeListings.addresses(shown.stdout()).stream().map(a -> a.split(" ")[1]).toList()
        : List.of();
  }

  void assertAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(
          "agent exited " + process.exitValue() + " before it was ready:\n" + log());
    }
  }

  /**
   * SIGTERM; returns the exit code once it exits (fails if it does not within the contract's
   * bound).
   */
  int terminate() {
    process.destroy();
    return awaitExit();
  }

  /** SIGKILL: no teardown, leftovers stay for the next agent to adopt. */
  void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** The exit code, waiting at most {@link #EXIT_TIMEOUT}. */
  int awaitExit() {
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("agent did not exit within " + EXIT_TIMEOUT + ":\n" + log());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** The agent's directory: Corefiles, kube-dns config, pid file, log. */
  Path runDirectory() {
    return log.getParent();
  }

  /** What the agent printed so far (stdout and stderr). */
  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** The Corefile the agent wrote from the base ({@code -conf}), if it wrote one. */
  String writtenCorefile() {
    Path conf = log.resolveSibling("Corefile");
    try {
      return Files.exists(conf) ? Files.readString(conf) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Kills it if still running, then prints its log once: failsafe keeps a test's output with its
   * report, and the agent's log explains most failures. A test that cares about teardown calls
   * {@link #terminate()} itself; {@link SimulatedNode#close()} closes every agent started on it.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Processes.stop(process, EXIT_TIMEOUT);
    System.out.println("---- agent pid " + pid() + " log (" + log + ") ----\n" + log());
  }

  /**
   * JVM flags added after jvm.options ({@value #EXTRA_JVM_FLAGS_PROPERTY}, space-separated): the VM
   * scenarios start the agent with C1 only, as its JIT threads otherwise take most of the two
   * emulated CPUs for a minute. The agent's own flags are never changed.
   */
  static List<String> extraJvmFlags() {
    String flags = System.getProperty(EXTRA_JVM_FLAGS_PROPERTY, "").strip();
    return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
  }
}
