package io.nodelocaldns.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.corefile.Durations;
import io.nodelocaldns.runtime.forward.ForwardTimeouts;
import io.nodelocaldns.runtime.loop.LoopDetector;
import io.nodelocaldns.runtime.loop.LoopHandler;
import io.nodelocaldns.runtime.ops.HttpEndpoints;
import io.nodelocaldns.runtime.ops.ProbeEndpoints;
import io.nodelocaldns.runtime.ops.Readiness;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.reload.ReloadCounter;
import io.nodelocaldns.runtime.reload.ReloadTarget;
import io.nodelocaldns.runtime.server.DnsServer;
import io.nodelocaldns.runtime.server.ListenAddress;
import io.nodelocaldns.runtime.server.ServerBlock;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.warm.WarmRestart;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A running Corefile: the event loops, every server block's handler chain and its listeners, the
 * operations endpoints ({@code /health}, {@code /ready}) and the {@code loop} probes. The node
 * agent, the tests and {@link RuntimeMain} all start the runtime through here.
 *
 * <p>Life cycle: {@link #start} binds everything and turns ready; {@link #reload} applies a new
 * Corefile in place; {@link #shutdown()} turns unready, keeps serving for the lameduck, then
 * closes; {@link #close()} closes at once.
 */
public final class DnsRuntime implements AutoCloseable, ReloadTarget {
  private static final Logger LOG = Logger.getLogger(DnsRuntime.class.getName());
  private static final Duration EVENT_LOOP_QUIET_PERIOD = Duration.ZERO;
  private static final Duration EVENT_LOOP_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

  /** Longer than a forward may take, so a SERVFAIL from a dead or looping upstream arrives. */
  private static final Duration LOOP_PROBE_ANSWER_TIMEOUT =
      ForwardTimeouts.DEFAULT_OVERALL.plusMillis(500);

  private final EventLoopGroup group;

  /** The HTTP servers of health, ready and prometheus, one per address. */
  private final HttpEndpoints http;

  private final Readiness readiness;
  private final Lameduck lameduck = new Lameduck();

  /** Builds the chains; owns the metrics. */
  private final ChainBuilder builder;

  private final ReloadCounter reloads;
  private final DnsServer server;

  /** Runs the runtime's own timers (closing retired chains); one daemon thread. */
  private final ScheduledExecutorService timer;

  private final RetiredChains retired;
  private final LoopDetector loops;

  /** The chains serving now, in Corefile order. Guarded by {@code this}. */
  private List<BlockChain> chains;

  private Corefile corefile;
  private boolean closed;

  /** Hands the cache to a successor and keeps its snapshot; empty without a state directory. */
  private final Optional<WarmRestart> warm;

  private DnsRuntime(
      EventLoopGroup group,
      HttpEndpoints http,
      Readiness readiness,
      ChainBuilder builder,
      DnsServer server,
      List<BlockChain> chains,
      Corefile corefile,
      Optional<WarmRestart> warm) {
    this.group = group;
    this.warm = warm;
    this.http = http;
    this.readiness = readiness;
    this.builder = builder;
    this.reloads = new ReloadCounter(builder.reloadEvents());
    this.server = server;
    this.chains = List.copyOf(chains);
    this.corefile = corefile;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "runtime-timer");
              thread.setDaemon(true);
              return thread;
            });
    this.retired = new RetiredChains(timer);
    this.loops = new LoopDetector(timer, LOOP_PROBE_ANSWER_TIMEOUT);
  }

  /**
   * Starts the HTTP endpoints (where {@code /ready} says 503 until the end of this method; {@code
   * /metrics} with {@code prometheus}), builds every block's chain, binds every listener, and turns
   * ready.
   *
   * @throws io.nodelocaldns.runtime.server.DnsListener.BindException if an address cannot be bound
   * @throws java.io.UncheckedIOException if an HTTP endpoint's address cannot be bound
   */
  public static DnsRuntime start(Corefile corefile, RuntimeOptions options) {
    NettyTransport transport = options.transport();
    EventLoopGroup group = transport.newGroup(options.eventLoops(), "dns");
    Readiness readiness = new Readiness();
    HttpEndpoints http = new HttpEndpoints();
    ChainBuilder builder = null;
    Optional<WarmRestart> warm = Optional.empty();
    List<BlockChain> chains = new ArrayList<>();
    try {
      ProbeEndpoints.register(http, corefile.servers(), readiness);
      ProbeEndpoints.warnIfTooLong(corefile.servers());
      builder = new ChainBuilder(options, group, corefile, http);
      http.start(builder.listenerEvents());
      for (ServerConfig config : corefile.servers()) {
        chains.add(builder.build(config));
      }
      // before the listeners: the first queries already find the predecessor's answers
      warm = options.stateDirectory().map(builder::warmRestart);
      DnsServer server =
          DnsServer.start(
              serving(chains), transport, group, options.eventLoops(), builder.listenerEvents());
      DnsRuntime runtime =
          new DnsRuntime(group, http, readiness, builder, server, chains, corefile, warm);
      readiness.ready();
      runtime.probeLoops(chains);
      LOG.info(
          () ->
              "serving "
                  + corefile.source()
                  + " with "
                  + transport.name()
                  + " on "
                  + server.addresses().stream().map(ListenAddress::label).toList());
      return runtime;
    } catch (RuntimeException e) {
      warm.ifPresent(WarmRestart::close);
      chains.forEach(BlockChain::close);
      http.close();
      if (builder != null) {
        builder.close();
      }
      shutdownGroup(group);
      throw e;
    }
  }

  private static List<ServerBlock> serving(List<BlockChain> chains) {
    return chains.stream().map(BlockChain::serving).toList();
  }

  /** Sends the {@code loop} probe of every chain that has one, now that its listeners are bound. */
  private void probeLoops(List<BlockChain> started) {
    for (BlockChain chain : started) {
      chain
          .loop()
          .ifPresent(
              handler ->
                  server
                      .bound(chain.listenAddresses().get(0))
                      .ifPresent(bound -> loops.probe(handler, bound)));
    }
  }

  /**
   * Serves {@code next} from now on without dropping a query, as CoreDNS's reload promises:
   *
   * <ul>
   *   <li>a block whose configuration is unchanged (see {@link BlockIdentity}) keeps its chain, so
   *       its cache and upstream connections live on; other blocks get new chains;
   *   <li>addresses still used keep their sockets and switch routing in one step; new addresses are
   *       bound; addresses no longer used are closed;
   *   <li>replaced chains are closed only after the queries inside them had time to finish;
   *   <li>if a new address cannot be bound nothing changes and the error is thrown.
   * </ul>
   *
   * <p>The {@code health}, {@code ready} and {@code prometheus} addresses stay as they were at
   * start (a change is logged); a new {@code lameduck} applies at the next shutdown. A reload
   * during shutdown is ignored.
   *
   * @throws io.nodelocaldns.runtime.server.DnsListener.BindException if a new address cannot be
   *     bound
   */
  @Override
  public synchronized void reload(Corefile next) {
    if (closed || readiness.state() == Readiness.State.SHUTTING_DOWN) {
      LOG.info("plugin/reload: shutting down, not reloading");
      return;
    }
    ChainPlan plan = ChainPlan.of(chains, next, builder::build);
    try {
      server.reconfigure(serving(plan.next()));
    } catch (RuntimeException e) {
      plan.abandon();
      throw e;
    }
    retired.retire(plan.leftBehind());
    ProbeEndpoints.warnIfAddressesChanged(corefile.servers(), next.servers());
    ProbeEndpoints.warnIfTooLong(next.servers());
    chains = plan.next();
    corefile = next;
    probeLoops(
        plan.built()); // CoreDNS probes again after a reload; kept blocks were probed already
    LOG.info(
        () ->
            "plugin/reload: kept "
                + plan.kept()
                + " server block(s), started "
                + plan.built().size()
                + ", retired "
                + plan.leftBehind().size()
                + "; serving on "
                + server.addresses().stream().map(ListenAddress::label).toList());
  }

  /** Reload outcomes: failures counted and the running Corefile's hash (metrics read these). */
  public ReloadCounter reloadEvents() {
    return reloads;
  }

  /** Whether every {@code loop} probe has finished. */
  boolean loopProbesIdle() {
    return loops.idle();
  }

  /** {@code loop} probes sent so far by the blocks serving now. */
  synchronized int loopProbeNamesAsked() {
    return chains.stream()
        .map(BlockChain::loop)
        .flatMap(Optional::stream)
        .mapToInt(LoopHandler::probesAsked)
        .sum();
  }

  /** Replaced chains still waiting for their queries to finish before they close. */
  int retiredChainsWaiting() {
    return retired.waiting();
  }

  /** The addresses bound, with real ports where port 0 was asked for. */
  public List<ListenAddress> addresses() {
    return server.addresses();
  }

  /**
   * The address an HTTP endpoint asked for as {@code requested} is served on (the real port for 0).
   */
  public InetSocketAddress httpAddress(InetSocketAddress requested) {
    return http.boundAddress(requested);
  }

  /**
   * The registry served at {@code /metrics}, for what the node agent counts beside the runtime
   * (e.g. {@code coredns_nodecache_setup_errors_total}); empty when no block has {@code
   * prometheus}.
   */
  public Optional<MeterRegistry> meterRegistry() {
    return builder.meterRegistry();
  }

  /** Where the runtime is in its life, as {@code /ready} reports it. */
  public Readiness.State state() {
    return readiness.state();
  }

  /** The Corefile being served. */
  public synchronized Corefile corefile() {
    return corefile;
  }

  /**
   * Stops as CoreDNS does on SIGTERM: {@code /ready} turns 503 at once, DNS keeps being served for
   * the longest {@code lameduck} of the Corefile (if any; {@link #close()} or {@link
   * #cutLameduckShort()} ends it early), then everything closes.
   */
  public void shutdown() {
    Duration wait;
    synchronized (this) {
      if (closed) {
        return;
      }
      readiness.shuttingDown();
      wait = ProbeEndpoints.lameduck(corefile.servers());
    }
    if (wait.isPositive()) {
      LOG.info(() -> "plugin/health: Going into lameduck mode for " + Durations.format(wait));
      lameduck.await(wait);
    }
    close();
  }

  /** Ends a lameduck wait now (e.g. on a second signal). */
  public void cutLameduckShort() {
    lameduck.cutShort();
  }

  /**
   * Stops at once: listeners first, then caches and upstream connections, then the HTTP endpoints
   * and the event loops. Safe to call more than once and while {@link #shutdown()} waits.
   */
  @Override
  public void close() {
    lameduck.cutShort();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      readiness.shuttingDown();
      loops.close();
      server.close();
      warm.ifPresent(WarmRestart::close); // the last snapshot, while the caches are still open
      chains.forEach(BlockChain::close);
      chains = List.of();
      retired.close();
      timer.shutdownNow();
    }
    http.close();
    builder.close();
    shutdownGroup(group);
  }

  private static void shutdownGroup(EventLoopGroup group) {
    group
        .shutdownGracefully(
            EVENT_LOOP_QUIET_PERIOD.toSeconds(),
            EVENT_LOOP_SHUTDOWN_TIMEOUT.toSeconds(),
            TimeUnit.SECONDS)
        .awaitUninterruptibly();
  }
}
