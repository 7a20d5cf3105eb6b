package io.nodelocaldns.e2e.node;

import static io.nodelocaldns.e2e.node.Topology.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restarts without losing a query, in the simulated node (iptables mode): a successor agent started
 * while the old one runs takes over through SO_REUSEPORT and the old one exits on SIGTERM without
 * teardown, while a pod queries in a loop; and what SIGKILL leaves and the next start adopts.
 */
class RollingRestartIT {
  /** Queries after the predecessor exited, so the successor alone is proven to serve the loop. */
  private static final int QUERIES_AFTER_HANDOVER = 30;

  /** Clients querying at once: more than one keeps the old agent's socket busy when it closes. */
  private static final int CLIENTS = 3;

  private SimulatedNode node;

  @BeforeAll
  static void machine() {
    Preconditions.assumeSimulatedNodePossible();
  }

  @BeforeEach
  void buildNode() {
    Preconditions.assumeAgentJar();
    node = SimulatedNode.create();
  }

  @AfterEach
  void tearDown() {
    if (node != null) {
      node.close(); // stops its agents, printing their logs
    }
  }

  @Test
  void rollingRestart_successorTakesOverAndThePodsQueryLoopLosesNothing() throws Exception {
    NodeListings before = NodeListings.of(node);
    AgentProcess old = start(AgentOptions.iptablesMode()).awaitReady();

    try (QueryLoop loop = QueryLoop.start(node.pod(), CLIENTS)) {
      loop.awaitAtLeast(10);
      AgentProcess successor = start(AgentOptions.iptablesMode()).awaitStarted();
      int beforeTerm = loop.sent();
      loop.awaitAtLeast(beforeTerm + 10); // both serve: the kernel spreads queries over them

      assertThat(old.terminate()).as("the predecessor's exit code on SIGTERM").isZero();
      assertThat(old.log())
          .as("the predecessor says it left the node to its successor")
          .contains("a successor serves")
          .contains("exiting without teardown");
      int atExit = loop.sent();
      loop.awaitAtLeast(atExit + QUERIES_AFTER_HANDOVER);
      loop.stop();

      System.out.printf(
          "rolling restart: %d queries sent by %d clients (%d after the predecessor exited), %d"
              + " failed, %d retries (dig attempts that got no answer), UDP and about a fifth over"
              + " TCP%n",
          loop.sent(), CLIENTS, loop.sent() - atExit, loop.failed(), loop.retries());
      loop.failures().forEach(f -> System.out.println("failed query: " + f));
      assertThat(loop.failed()).as("failed queries: %s", loop.failures()).isZero();
      assertThat(successor.isAlive()).isTrue();
      assertThat(successor.linkAddresses())
          .containsExactlyInAnyOrder(LOCAL_DNS + "/32", KUBE_DNS + "/32");
      checks().assertSeedListings(List.of(LOCAL_DNS, KUBE_DNS)); // each rule exactly once
      assertThat(checks().podDig(KUBE_DNS, KUBERNETES_NAME).addresses())
          .containsExactly(KUBERNETES_IP);

      // the last agent, without a successor, still tears down
      assertThat(successor.terminate()).isZero();
      assertThat(successor.log()).doesNotContain("a successor serves");
      assertThat(NodeListings.of(node)).isEqualTo(before);
    }
  }

  @Test
  void sigkill_queriesAreRefusedFastUntilTheNextStartAdoptsTheNodeAsItIs() {
    NodeListings before = NodeListings.of(node);
    AgentProcess killed = start(AgentOptions.iptablesMode()).awaitReady();
    killed.kill();

    assertThat(killed.linkAddresses())
        .as("the killed agent's link and addresses stay")
        .containsExactlyInAnyOrder(LOCAL_DNS + "/32", KUBE_DNS + "/32");
    checks().assertSeedListings(List.of(LOCAL_DNS, KUBE_DNS));
    Dig.Answer refused = checks().podDig(KUBE_DNS, KUBERNETES_NAME);
    System.out.println("query while no agent runs: " + refused);
    assertThat(refused.answers()).isFalse();
    assertThat(refused.result().stdout() + refused.result().stderr())
        .as("ICMP port unreachable: refused, not timed out")
        .contains("connection refused");

    AgentProcess next = start(AgentOptions.iptablesMode()).awaitReady().awaitStarted();
    assertThat(next.log()).doesNotContain("Exception");
    assertThat(next.linkAddresses()).containsExactlyInAnyOrder(LOCAL_DNS + "/32", KUBE_DNS + "/32");
    checks().assertSeedListings(List.of(LOCAL_DNS, KUBE_DNS)); // adopted, not duplicated
    assertThat(checks().podDig(KUBE_DNS, KUBERNETES_NAME).addresses())
        .containsExactly(KUBERNETES_IP);
    assertThat(checks().podDig(LOCAL_DNS, KUBERNETES_NAME).addresses())
        .containsExactly(KUBERNETES_IP);

    assertThat(next.terminate()).isZero();
    assertThat(NodeListings.of(node)).isEqualTo(before);
  }

  private AgentProcess start(AgentOptions options) {
    return AgentProcess.start(node, options);
  }

  private NodeChecks checks() {
    return new NodeChecks(node);
  }

  /**
   * Clients in a pod querying the kube-dns ClusterIP (the agent's, in iptables mode) in loops, each
   * one {@code dig} after another with dig's retries as a stub resolver has them: up to three
   * attempts. A query fails when no attempt got the answer.
   */
  static final class QueryLoop implements AutoCloseable {
    private final String pod;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger sent =
        new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger retries =
        new java.util.concurrent.atomic.AtomicInteger();
    private CompletableFuture<Void> done;

    private QueryLoop(String pod) {
      this.pod = pod;
    }

    static QueryLoop start(String pod, int clients) {
      QueryLoop loop = new QueryLoop(pod);
      var executor =
          Executors.newFixedThreadPool(
              clients,
              r -> {
                Thread thread = new Thread(r, "query-loop");
                thread.setDaemon(true);
                return thread;
              });
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        all.add(CompletableFuture.runAsync(loop::run, executor));
      }
      loop.done = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
      return loop;
    }

    private void run() {
      while (running.get()) {
        boolean tcp = sent.get() % 5 == 4;
        List<String> command =
            new ArrayList<>(
                List.of(
                    "dig",
                    "@" + KUBE_DNS,
                    KUBERNETES_NAME,
                    "A",
                    "+noall",
                    "+answer",
                    "+time=" + Timeouts.seconds(2),
                    "+tries=3"));
        if (tcp) {
          command.add("+tcp");
        }
        Commands.Result result = Commands.inNs(pod, command.toArray(String[]::new));
        String output = result.stdout() + result.stderr();
        int attemptsFailed =
            (int) output.lines().filter(l -> l.contains("communications error")).count();
        retries.addAndGet(attemptsFailed);
        if (!output.contains(KUBERNETES_IP)) {
          failures.add((tcp ? "tcp: " : "udp: ") + result);
        }
        sent.incrementAndGet();
      }
    }

    void awaitAtLeast(int count) {
      org.awaitility.Awaitility.await("query loop at " + count)
          .atMost(Timeouts.scaled(java.time.Duration.ofSeconds(120)))
          .until(() -> sent.get() >= count || done.isDone());
      if (done.isCompletedExceptionally()) {
        done.join();
      }
    }

    void stop() {
      running.set(false);
      try {
        done.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    int sent() {
      return sent.get();
    }

    int failed() {
      return failures.size();
    }

    int retries() {
      return retries.get();
    }

    List<String> failures() {
      return failures;
    }

    @Override
    public void close() {
      running.set(false);
    }
  }
}
