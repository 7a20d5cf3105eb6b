package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.node.NodeNetwork;
import io.nodelocaldns.modes.node.NodePlan;
import io.nodelocaldns.runtime.DnsRuntime;
import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.server.DnsListener;
import io.nodelocaldns.runtime.server.ListenAddress;
import io.nodelocaldns.runtime.warm.WarmRestart;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The node agent's life: template the Corefile, put the link and its addresses on the node (the
 * kernel binds only addresses it has), serve, then insert the rules that steer pods' DNS here, as
 * the upstream node-cache adds its iptables rules once CoreDNS runs; reconcile every {@code
 * -syncinterval}; re-template when the base Corefile or the kube-dns ConfigMap changes; on {@link
 * #stop()} drain, tear down (unless a successor agent already serves on our addresses: a rolling
 * restart, see {@link SuccessorCheck}) and return. Everything node-facing comes from the injected
 * {@link AgentComponents}; the agent never asks which mode it runs.
 */
public final class Agent {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;

  /** Lameduck is cut short after this, so teardown still fits in the 30 s a SIGTERM allows. */
  static final Duration LAMEDUCK_LIMIT = Duration.ofSeconds(20);

  private static final Duration SYNC_STOP_WAIT = Duration.ofSeconds(5);
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());

  private final AgentConfig config;
  private final AgentComponents components;
  private final AgentEnvironment environment;
  private final SuccessorCheck successors;
  private final SetupErrorCounter errors = new SetupErrorCounter();
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean fatal;
  private volatile DnsRuntime runtime;

  public Agent(AgentConfig config, AgentComponents components, AgentEnvironment environment) {
    this(config, components, environment, SuccessorCheck.proc());
  }

  Agent(
      AgentConfig config,
      AgentComponents components,
      AgentEnvironment environment,
      SuccessorCheck successors) {
    this.config = config;
    this.components = components;
    this.environment = environment;
    this.successors = successors;
  }

  /** Runs until {@link #stop()} (or a fatal runtime error); returns the exit code. */
  public int run() {
    try {
      AgentPlan plan = AgentPlan.of(config, components, environment, errors);
      NodeNetwork network = components.network(config.dryRun(), errors, environment.out());
      if (config.dryRun()) {
        print(plan, network);
        return EXIT_OK;
      }
      return execute(plan, network);
    } catch (AgentFailure failure) {
      environment.err().println(failure.getMessage());
      return failure.exitCode();
    }
  }

  /** {@code --dry-run}: the Corefile, then the node commands as the printing network runs them. */
  private void print(AgentPlan plan, NodeNetwork network) throws AgentFailure {
    PrintStream out = environment.out();
    String text = plan.corefile().text();
    out.println("# --dry-run: the Corefile that would be written to " + config.conf());
    out.print(text.endsWith("\n") ? text : text + "\n");
    out.println("# --dry-run: the node commands of --mode " + plan.mode().name());
    try {
      network.setUp(plan.node());
    } catch (RuntimeException e) {
      throw AgentFailure.setup(e);
    }
    plan.mode()
        .kubeletAdvice(plan.localIps())
        .ifPresent(advice -> out.println("# kubelet: " + advice));
    out.println(
        config
            .stateDirectory()
            .map(dir -> "# warm restart: " + WarmRestart.describe(dir))
            .orElse("# warm restart: off (--warm-restart=false): the cache starts empty"));
  }

  /** The link first (the kernel binds only addresses the node has), then serve, then the rules. */
  private int execute(AgentPlan plan, NodeNetwork network) throws AgentFailure {
    prepareLink(plan, network);
    serve(plan, network);
    setUpNode(plan, network);
    logStarted(plan);
    ScheduledExecutorService timers = startTimers(plan, network);
    awaitStop();
    return shutDown(timers, plan, network);
  }

  private static void prepareLink(AgentPlan plan, NodeNetwork network) throws AgentFailure {
    try {
      network.prepareLink(plan.node());
    } catch (RuntimeException e) {
      throw AgentFailure.setup(e);
    }
  }

  private RuntimeOptions withWarmRestart(RuntimeOptions options) {
    return config.stateDirectory().map(options::withStateDirectory).orElse(options);
  }

  private void serve(AgentPlan plan, NodeNetwork network) throws AgentFailure {
    try {
      plan.corefileSync().write(plan.corefile());
      runtime =
          DnsRuntime.start(
              plan.corefile(),
              withWarmRestart(environment.runtimeOptions())
                  .withOnFatal(
                      message -> {
                        fatal = true;
                        stop.countDown();
                      }));
    } catch (DnsListener.BindException | UncheckedIOException e) {
      undoLink(plan, network);
      throw AgentFailure.fatal(e);
    }
    runtime.meterRegistry().ifPresent(errors::bindTo);
  }

  /** A node that cannot take the rules gets nothing: the runtime stops, the link goes. */
  private void setUpNode(AgentPlan plan, NodeNetwork network) throws AgentFailure {
    try {
      config.pidfile().ifPresent(Pidfile::write);
      network.setUp(plan.node());
    } catch (RuntimeException e) {
      LOG.severe(() -> "node setup failed, nothing changed on the node: " + e.getMessage());
      runtime.close();
      undoLink(plan, network);
      config.pidfile().ifPresent(Pidfile::remove);
      throw AgentFailure.setup(e);
    }
  }

  /**
   * The socket inode of another process (a successor in a rolling restart, or the predecessor of a
   * failed start) bound to {@code addresses}, or empty. At shutdown it is asked once our listeners
   * are closed, so a successor that came up during the lameduck counts too. Any doubt (unreadable
   * tables) means empty: teardown as before.
   */
  private Optional<Long> successor(List<ListenAddress> addresses) {
    try {
      return successors.heldByAnother(addresses);
    } catch (RuntimeException e) {
      LOG.warning(() -> "cannot tell whether a successor serves: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A start that failed leaves the node as it was: the link it prepared goes again, unless another
   * agent (the one we were to succeed) serves on it.
   */
  private void undoLink(AgentPlan plan, NodeNetwork network) {
    if (config.skipTeardown()) {
      return;
    }
    List<ListenAddress> ours =
        plan.node().link().stream()
            .flatMap(link -> link.addresses().stream())
            .flatMap(
                address ->
                    plan.corefile().servers().stream()
                        .map(ServerConfig::port)
                        .distinct()
                        .map(port -> new ListenAddress(address, port)))
            .toList();
    Optional<Long> other = successor(ours);
    if (other.isPresent()) {
      LOG.info("another agent serves these addresses: leaving the link in place");
      return;
    }
    try {
      network.tearDown(plan.node());
    } catch (RuntimeException e) {
      LOG.severe(() -> "undoing the link failed: " + e.getMessage());
    }
  }

  /**
   * Asks a running agent to stop (SIGTERM, SIGINT). A second call while the lameduck runs ends it
   * at once.
   */
  public void stop() {
    DnsRuntime running = runtime;
    if (stop.getCount() == 0 && running != null) {
      running.cutLameduckShort();
    }
    stop.countDown();
  }

  /** The runtime once serving; null before. */
  DnsRuntime runtime() {
    return runtime;
  }

  SetupErrorCounter setupErrors() {
    return errors;
  }

  private void logStarted(AgentPlan plan) {
    LOG.info(
        () ->
            "node-local-dns agent: mode "
                + plan.mode().name()
                + ", profile "
                + plan.profile().name()
                + ", serving on "
                + runtime.addresses().stream().map(ListenAddress::label).toList()
                + ", link "
                + plan.node()
                    .link()
                    .map(link -> link.name() + " " + link.addresses())
                    .orElse("none")
                + ", "
                + plan.node().rules().size()
                + " rule(s); reconciling every "
                + config.syncInterval());
    plan.mode()
        .kubeletAdvice(plan.localIps())
        .ifPresent(advice -> LOG.warning(() -> "kubelet: " + advice));
  }

  private ScheduledExecutorService startTimers(AgentPlan plan, NodeNetwork network) {
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "agent-sync");
              thread.setDaemon(true);
              return thread;
            });
    long syncMillis = config.syncInterval().toMillis();
    timers.scheduleWithFixedDelay(
        () -> reconcile(network, plan.node()), syncMillis, syncMillis, TimeUnit.MILLISECONDS);
    long checkMillis = environment.configCheckInterval().toMillis();
    timers.scheduleWithFixedDelay(
        () -> plan.corefileSync().check(next -> runtime.reload(next)),
        checkMillis,
        checkMillis,
        TimeUnit.MILLISECONDS);
    return timers;
  }

  private static void reconcile(NodeNetwork network, NodePlan plan) {
    try {
      network.reconcile(plan);
    } catch (RuntimeException e) { // counted by the network; the timer must go on
      LOG.warning(() -> "reconcile failed: " + e.getMessage());
    }
  }

  private void awaitStop() {
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int shutDown(ScheduledExecutorService timers, AgentPlan plan, NodeNetwork network) {
    timers.shutdownNow();
    try {
      timers.awaitTermination(
          SYNC_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS); // no reconcile during teardown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int exit = fatal ? EXIT_FAILURE : EXIT_OK;
    List<ListenAddress> listening = runtime.addresses();
    if (fatal) {
      runtime.close();
    } else {
      LOG.info("shutting down");
      CompletableFuture.runAsync(
          runtime::cutLameduckShort,
          CompletableFuture.delayedExecutor(LAMEDUCK_LIMIT.toMillis(), TimeUnit.MILLISECONDS));
      runtime.shutdown();
    }
    Optional<Long> successor = successor(listening);
    if (config.skipTeardown()) {
      LOG.info("-skipteardown: leaving the link and rules in place");
    } else if (successor.isPresent()) {
      LOG.info(
          () ->
              "a successor serves "
                  + listening.stream().map(ListenAddress::label).toList()
                  + " (socket inode "
                  + successor.get()
                  + "): exiting without teardown, leaving the link and rules to it");
    } else {
      try {
        network.tearDown(plan.node());
      } catch (RuntimeException e) {
        LOG.severe(() -> "teardown failed: " + e.getMessage());
        exit = EXIT_FAILURE;
      }
    }
    config.pidfile().ifPresent(Pidfile::remove);
    return exit;
  }
}
