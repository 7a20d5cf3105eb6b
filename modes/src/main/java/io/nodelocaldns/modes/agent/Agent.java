package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.NodeMode;
import io.nodelocaldns.modes.node.NodeNetwork;
import io.nodelocaldns.modes.node.NodePlan;
import io.nodelocaldns.modes.node.NodeSetupException;
import io.nodelocaldns.modes.profile.Profile;
import io.nodelocaldns.modes.template.CorefileTemplater;
import io.nodelocaldns.modes.template.KubeDnsConfigReader;
import io.nodelocaldns.modes.template.TemplateException;
import io.nodelocaldns.modes.template.TemplateValues;
import io.nodelocaldns.runtime.DnsRuntime;
import io.nodelocaldns.runtime.corefile.Corefile;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.forward.ResolvConf;
import io.nodelocaldns.runtime.server.DnsListener;
import io.nodelocaldns.runtime.server.ListenAddress;
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
    PrintStream err = environment.err();
    LocalIps localIps = config.localIpsOrLoopback();
    NodeMode mode;
    Profile profile;
    NodeNetwork network;
    NodePlan plan;
    try {
      mode = components.mode(config.mode(), localIps);
      profile = components.profile(config.profile().word(), config.vpcResolver());
      network = components.network(config.dryRun(), errors, environment.out());
      plan = mode.plan(config.nodeOptions());
    } catch (UnsupportedOperationException | NodeSetupException e) {
      err.println("node-local-dns-agent: " + e.getMessage());
      return EXIT_FAILURE;
    }
    CorefileTemplater templater =
        new CorefileTemplater(
            config.baseCorefile(),
            new KubeDnsConfigReader(config.kubeDnsConfigDir(), errors),
            new TemplateValues(
                localIps,
                mode.listenAddresses(localIps),
                config.clusterDnsEnvVar(),
                environment.env(),
                () -> profile.upstreamServers(ResolvConf.nameservers(environment.resolvConf()))));
    CorefileSync sync = new CorefileSync(templater, config.baseCorefile(), config.conf(), errors);
    Corefile corefile;
    try {
      corefile = sync.first();
    } catch (TemplateException e) {
      err.println("node-local-dns-agent: " + e.getMessage());
      return EXIT_FAILURE;
    } catch (CorefileException e) {
      err.println("[FATAL] " + e.getMessage());
      return EXIT_FAILURE;
    }
    if (config.dryRun()) {
      return dryRun(corefile, mode, network, plan);
    }
    try {
      network.prepareLink(plan);
    } catch (RuntimeException e) {
      err.println("node-local-dns-agent: " + e.getMessage());
      return EXIT_FAILURE;
    }
    try {
      sync.write(corefile);
      runtime =
          DnsRuntime.start(
              corefile,
              environment
                  .runtimeOptions()
                  .withOnFatal(
                      message -> {
                        fatal = true;
                        stop.countDown();
                      }));
    } catch (DnsListener.BindException | UncheckedIOException e) {
      err.println("[FATAL] " + e.getMessage());
      undoLink(network, plan, corefile);
      return EXIT_FAILURE;
    }
    runtime.meterRegistry().ifPresent(errors::bindTo);
    try {
      config.pidfile().ifPresent(Pidfile::write);
      network.setUp(plan);
    } catch (RuntimeException e) {
      LOG.severe(() -> "node setup failed, nothing changed on the node: " + e.getMessage());
      err.println("node-local-dns-agent: " + e.getMessage());
      runtime.close();
      undoLink(network, plan, corefile);
      config.pidfile().ifPresent(Pidfile::remove);
      return EXIT_FAILURE;
    }
    logStarted(mode, profile, localIps, plan);
    ScheduledExecutorService timers = startTimers(network, plan, sync);
    awaitStop();
    return shutDown(timers, network, plan);
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
  private void undoLink(NodeNetwork network, NodePlan plan, Corefile corefile) {
    if (config.skipTeardown()) {
      return;
    }
    List<ListenAddress> ours =
        plan.link().stream()
            .flatMap(link -> link.addresses().stream())
            .flatMap(
                address ->
                    corefile.servers().stream()
                        .map(io.nodelocaldns.runtime.corefile.ServerConfig::port)
                        .distinct()
                        .map(port -> new ListenAddress(address, port)))
            .toList();
    Optional<Long> other = successor(ours);
    if (other.isPresent()) {
      LOG.info("another agent serves these addresses: leaving the link in place");
      return;
    }
    try {
      network.tearDown(plan);
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

  private int dryRun(Corefile corefile, NodeMode mode, NodeNetwork network, NodePlan plan) {
    PrintStream out = environment.out();
    out.println("# --dry-run: the Corefile that would be written to " + config.conf());
    out.print(corefile.text().endsWith("\n") ? corefile.text() : corefile.text() + "\n");
    out.println("# --dry-run: the node commands of --mode " + mode.name());
    try {
      network.setUp(plan);
    } catch (RuntimeException e) {
      environment.err().println("node-local-dns-agent: " + e.getMessage());
      return EXIT_FAILURE;
    }
    mode.kubeletAdvice(config.localIpsOrLoopback())
        .ifPresent(advice -> out.println("# kubelet: " + advice));
    return EXIT_OK;
  }

  private void logStarted(NodeMode mode, Profile profile, LocalIps localIps, NodePlan plan) {
    LOG.info(
        () ->
            "node-local-dns agent: mode "
                + mode.name()
                + ", profile "
                + profile.name()
                + ", serving on "
                + runtime.addresses().stream().map(ListenAddress::label).toList()
                + ", link "
                + plan.link().map(link -> link.name() + " " + link.addresses()).orElse("none")
                + ", "
                + plan.rules().size()
                + " rule(s); reconciling every "
                + config.syncInterval());
    mode.kubeletAdvice(localIps).ifPresent(advice -> LOG.warning(() -> "kubelet: " + advice));
  }

  private ScheduledExecutorService startTimers(
      NodeNetwork network, NodePlan plan, CorefileSync sync) {
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "agent-sync");
              thread.setDaemon(true);
              return thread;
            });
    long syncMillis = config.syncInterval().toMillis();
    timers.scheduleWithFixedDelay(
        () -> reconcile(network, plan), syncMillis, syncMillis, TimeUnit.MILLISECONDS);
    long checkMillis = environment.configCheckInterval().toMillis();
    timers.scheduleWithFixedDelay(
        () -> sync.check(next -> runtime.reload(next)),
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

  private int shutDown(ScheduledExecutorService timers, NodeNetwork network, NodePlan plan) {
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
        network.tearDown(plan);
      } catch (RuntimeException e) {
        LOG.severe(() -> "teardown failed: " + e.getMessage());
        exit = EXIT_FAILURE;
      }
    }
    config.pidfile().ifPresent(Pidfile::remove);
    return exit;
  }
}
