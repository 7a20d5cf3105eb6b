package io.nodelocaldns.modes.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.ModeChoice;
import io.nodelocaldns.modes.node.LinkType;
import io.nodelocaldns.modes.node.NodeSetupException;
import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.runtime.DnsRuntime;
import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.prometheus.RuntimeMetrics;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.HttpGet;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The agent's order and verbs with a fake node, a real runtime and a real unbound upstream: serve
 * first, then set up; reconcile on schedule; tear down on stop unless told not to.
 */
class AgentLifecycleTest {
  private static final String ENV = "KUBE_DNS_UPSTREAM_SERVICE_HOST";
  private static final InetSocketAddress METRICS = new InetSocketAddress("127.0.0.1", 0);
  private static final Duration SHORT_SYNC = Duration.ofMillis(100);
  private static UnboundServer upstream;

  @TempDir Path dir;
  private final FakeNode node = new FakeNode();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Agent agent;
  private CompletableFuture<Integer> exit;

  @BeforeAll
  static void startUpstream() {
    UnboundServer.assumeInstalled();
    upstream =
        UnboundServer.builder()
            .localZone("cluster.local.")
            .localData("kubernetes.default.svc.cluster.local. 300 IN A 10.96.0.1")
            .start();
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @AfterEach
  void stopAgent() throws Exception {
    if (agent != null) {
      agent.stop();
      exit.get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The upstream manifest's cluster block on loopback (no link-local IP here), its CoreDNS being
   * unbound.
   */
  private Path loopbackBase(int port) throws Exception {
    return Files.writeString(
        dir.resolve("Corefile.base"),
        """
        cluster.local:%d {
            errors
            cache 30
            bind 127.0.0.1
            forward . __PILLAR__CLUSTER__DNS__:%d {
                force_tcp
            }
            prometheus 127.0.0.1:0
        }
        """
            .formatted(port, upstream.port()));
  }

  private AgentConfig config(Path base, boolean skipTeardown) {
    return new AgentConfig(
        Optional.of(new LocalIps(List.of(InetAddress.getLoopbackAddress()))),
        dir.resolve("Corefile"),
        base,
        "kube-dns-upstream",
        dir.resolve("kube-dns"),
        true,
        true,
        skipTeardown,
        SHORT_SYNC,
        8080,
        "nodelocaldns",
        Optional.of(dir.resolve("agent.pid")),
        ModeChoice.IPTABLES,
        ProfileName.GENERIC,
        InetAddress.getLoopbackAddress(),
        LinkType.BRIDGE,
        false,
        Optional.of(dir.resolve("state")));
  }

  private void start(AgentConfig config) {
    start(config, SuccessorCheck.proc());
  }

  private void start(AgentConfig config, SuccessorCheck successors) {
    AgentEnvironment environment =
        new AgentEnvironment(
            Map.of(ENV, "127.0.0.1"),
            dir.resolve("resolv.conf"),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true),
            Duration.ofMillis(100),
            RuntimeOptions.defaults().withOnFatal(message -> {}));
    agent = new Agent(config, node, environment, successors);
    exit = CompletableFuture.supplyAsync(agent::run, Executors.newSingleThreadExecutor());
  }

  private InetSocketAddress dns() {
    return agent.runtime().addresses().get(0).socketAddress();
  }

  @Test
  void servesBeforeSetUpThenReconcilesOnScheduleAndTearsDownOnStop() throws Exception {
    List<String> answeredInsideSetUp = new CopyOnWriteArrayList<>();
    node.onSetUp =
        plan -> {
          try {
            Message answer =
                DnsClient.udp(dns()).query("kubernetes.default.svc.cluster.local.", Type.A);
            answer
                .getSection(Section.ANSWER)
                .forEach(r -> answeredInsideSetUp.add(((ARecord) r).getAddress().getHostAddress()));
          } catch (Exception e) {
            answeredInsideSetUp.add("no answer: " + e);
          }
        };
    start(config(loopbackBase(0), false));

    await().atMost(Duration.ofSeconds(30)).until(() -> node.count("reconcile") >= 3);
    assertThat(answeredInsideSetUp)
        .as("the runtime answered from inside setUp")
        .containsExactly("10.96.0.1");
    assertThat(node.calls.subList(0, 2))
        .as("the link before serving, the rules after")
        .containsExactly("prepareLink", "setUp");
    assertThat(Files.readString(dir.resolve("agent.pid")).strip())
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    assertThat(Files.readString(dir.resolve("Corefile")))
        .contains("forward . 127.0.0.1:" + upstream.port());

    agent.stop();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    agent = null;
    assertThat(node.calls).last().isEqualTo("tearDown");
    assertThat(node.count("setUp")).isOne();
    assertThat(node.count("tearDown")).isOne();
    assertThat(dir.resolve("agent.pid")).doesNotExist();
  }

  /**
   * A second runtime on the same Corefile stands in for the successor agent; the check is told none
   * of this process's sockets, as the successor's are another process's in a real restart.
   */
  @Test
  void aSuccessorOnTheAddressesMeansDrainAndExitWithoutTeardown() throws Exception {
    int port = FreePorts.udpAndTcp();
    Path noOwnSockets = Files.createDirectories(dir.resolve("no-fds"));
    start(
        config(loopbackBase(port), false), new SuccessorCheck(Path.of("/proc/net"), noOwnSockets));
    await().atMost(Duration.ofSeconds(30)).until(() -> node.count("setUp") == 1);
    try (DnsRuntime successor =
        DnsRuntime.start(
            CorefileParser.parse("Corefile", Files.readString(dir.resolve("Corefile")), Map.of()),
            RuntimeOptions.defaults())) {
      agent.stop();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
      agent = null;
      assertThat(node.calls).doesNotContain("tearDown");
      Message answer =
          DnsClient.udp(new InetSocketAddress("127.0.0.1", port))
              .query("kubernetes.default.svc.cluster.local.", Type.A);
      assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
    }
  }

  @Test
  void withoutASuccessorTheSameCheckLetsTheAgentTearDown() throws Exception {
    Path noOwnSockets = Files.createDirectories(dir.resolve("no-fds"));
    start(
        config(loopbackBase(FreePorts.udpAndTcp()), false),
        new SuccessorCheck(Path.of("/proc/net"), noOwnSockets));
    await().atMost(Duration.ofSeconds(30)).until(() -> node.count("setUp") == 1);
    agent.stop();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    agent = null;
    assertThat(node.calls).last().isEqualTo("tearDown");
  }

  @Test
  void skipTeardownLeavesTheNodeAsSetUp() throws Exception {
    start(config(loopbackBase(0), true));
    await().atMost(Duration.ofSeconds(30)).until(() -> node.count("setUp") == 1);

    agent.stop();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    agent = null;
    assertThat(node.calls).doesNotContain("tearDown");
  }

  @Test
  void aSetUpFailureClosesTheRuntimeAndExits1() throws Exception {
    int port = FreePorts.udpAndTcp();
    node.onSetUp =
        plan -> {
          throw new NodeSetupException("no dummy driver in this kernel: use --link-type bridge");
        };
    start(config(loopbackBase(port), false));

    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    agent = null;
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "node-local-dns-agent: no dummy driver in this kernel: use --link-type bridge"
                + System.lineSeparator());
    assertThat(node.calls)
        .as("the prepared link is undone")
        .containsExactly("prepareLink", "setUp", "tearDown");
    assertThat(dir.resolve("agent.pid")).doesNotExist();
    try (DatagramSocket socket = new DatagramSocket(FreePorts.loopback(port))) {
      assertThat(socket.isBound()).as("the runtime let go of its port").isTrue();
    }
  }

  @Test
  void aBrokenBaseCorefileExits1NamingTheLineAndTouchesNothing() throws Exception {
    Path base =
        Files.writeString(
            dir.resolve("Corefile.base"),
            """
        .:0 {
            bind 127.0.0.1
            cache {
                success -5
            }
        }
        """);
    start(config(base, false));

    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    agent = null;
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("[FATAL] " + base + ":4: cache");
    assertThat(node.calls).isEmpty();
    assertThat(dir.resolve("Corefile")).doesNotExist();
  }

  @Test
  void setupErrorsAreExportedWithEveryTypeFromZero() throws Exception {
    start(config(loopbackBase(0), false));
    await().atMost(Duration.ofSeconds(30)).until(() -> node.count("setUp") == 1);
    node.errors.count(SetupErrors.Type.IPTABLES);

    String metrics = HttpGet.get(agent.runtime().httpAddress(METRICS), RuntimeMetrics.PATH).body();

    assertThat(metrics)
        .contains("coredns_nodecache_setup_errors_total{errortype=\"interface_add\"} 0")
        .contains("coredns_nodecache_setup_errors_total{errortype=\"interface_check\"} 0")
        .contains("coredns_nodecache_setup_errors_total{errortype=\"configmap\"} 0")
        .contains("coredns_nodecache_setup_errors_total{errortype=\"iptables\"} 1")
        .contains("coredns_nodecache_setup_errors_total{errortype=\"iptables_lock\"} 0");
  }

  @Test
  void aConfigMapChangeIsTemplatedWrittenAndReloaded() throws Exception {
    int port = FreePorts.udpAndTcp();
    Path base =
        Files.writeString(
            dir.resolve("Corefile.base"),
            """
        .:%d {
            bind 127.0.0.1
            forward . __PILLAR__UPSTREAM__SERVERS__
        }
        """
                .formatted(port));
    Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.53\n");
    Files.createDirectories(dir.resolve("kube-dns"));
    start(config(base, false));
    await().atMost(Duration.ofSeconds(30)).until(() -> node.count("setUp") == 1);
    assertThat(Files.readString(dir.resolve("Corefile"))).contains("forward . 127.0.0.53\n");

    Files.writeString(
        dir.resolve("kube-dns/upstreamNameservers"), "[\"127.0.0.1:" + upstream.port() + "\"]");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                agent
                    .runtime()
                    .corefile()
                    .text()
                    .contains("forward . 127.0.0.1:" + upstream.port()));
    assertThat(Files.readString(dir.resolve("Corefile")))
        .contains("forward . 127.0.0.1:" + upstream.port());
    Message answer =
        DnsClient.udp(FreePorts.loopback(port))
            .query("kubernetes.default.svc.cluster.local.", Type.A);
    assertThat(answer.getSection(Section.ANSWER)).hasSize(1);

    Files.writeString(dir.resolve("kube-dns/upstreamNameservers"), "[\"127.0.0.1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> agent.setupErrors().get(SetupErrors.Type.CONFIGMAP) == 1);
    assertThat(agent.runtime().corefile().text())
        .contains("forward . 127.0.0.1:" + upstream.port());
  }
}
