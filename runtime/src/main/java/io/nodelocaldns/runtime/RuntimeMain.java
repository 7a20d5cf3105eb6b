package io.nodelocaldns.runtime;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.nodelocaldns.runtime.build.Version;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.reload.CorefileWatcher;
import io.nodelocaldns.runtime.server.DnsListener;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * {@code java @jvm.options -jar node-local-dns-runtime.jar -conf Corefile}: serves a Corefile, with
 * no node setup (that is the agent's job).
 */
public final class RuntimeMain {
  static final int EXIT_OK = 0;
  static final int EXIT_CONFIG = 1;

  /** A forwarding loop (the {@code loop} directive), as CoreDNS's {@code log.Fatal}. */
  static final int EXIT_FATAL = RuntimeOptions.FATAL_STATUS;

  static final int EXIT_USAGE = 2;

  private static final Logger LOG = Logger.getLogger(RuntimeMain.class.getName());

  /** Command-line flags, spelled as CoreDNS and the upstream node-cache spell them. */
  static final class Flags {
    @Parameter(
        names = {"-conf", "--conf"},
        description = "Corefile to serve",
        order = 0)
    Path conf = Path.of("Corefile");

    @Parameter(
        names = {"-pillar", "--pillar"},
        description =
            "Fill a placeholder: NAME=VALUE replaces __PILLAR__NAME__ (repeatable), "
                + "e.g. -pillar LOCAL__DNS=169.254.20.10",
        order = 1)
    List<String> pillars = new ArrayList<>();

    @Parameter(
        names = {"-version", "--version"},
        description = "Print the version and exit",
        order = 2)
    boolean version;

    @Parameter(
        names = {"-h", "-help", "--help"},
        help = true,
        description = "Show this help",
        order = 3)
    boolean help;
  }

  private RuntimeMain() {}

  public static void main(String[] args) {
    RuntimeLogging.install();
    int exit = run(args, System.out, System.err);
    // exit explicitly: a signal handler, not the JVM's default, ended the wait
    System.exit(exit);
  }

  /** Parses flags and serves until the JVM is asked to stop; returns an exit code on failure. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Flags flags = new Flags();
    JCommander commander =
        JCommander.newBuilder().programName("node-local-dns-runtime").addObject(flags).build();
    Map<String, String> placeholders;
    try {
      commander.parse(args);
      placeholders = placeholders(flags.pillars);
    } catch (ParameterException | IllegalArgumentException e) {
      err.println("node-local-dns-runtime: " + e.getMessage());
      err.println("Run with -help for usage.");
      return EXIT_USAGE;
    }
    if (flags.help) {
      out.println(
          "Serves a Corefile: the caching DNS forwarder of node-local-dns, with no node setup.");
      out.println(
          "Example: java @jvm.options -jar node-local-dns-runtime.jar -conf docs/examples/Corefile");
      out.println(
          "Exit codes: 0 after SIGTERM/SIGINT, 1 bad Corefile, address in use or forwarding loop, "
              + "2 bad flags.");
      StringBuilder usage = new StringBuilder();
      commander.getUsageFormatter().usage(usage);
      out.print(usage);
      return EXIT_OK;
    }
    if (flags.version) {
      out.println("node-local-dns-runtime " + Version.current());
      return EXIT_OK;
    }
    // hashed before parsing: if the file changes in between, the first look reloads it
    Optional<String> sha512 = CorefileWatcher.sha512Of(flags.conf);
    Corefile corefile;
    try {
      corefile = CorefileParser.load(flags.conf, placeholders);
    } catch (CorefileException e) {
      err.println("[FATAL] " + e.getMessage());
      return EXIT_CONFIG;
    }
    Shutdown shutdown = new Shutdown();
    DnsRuntime runtime;
    try {
      runtime = DnsRuntime.start(corefile, RuntimeOptions.defaults().withOnFatal(shutdown::fatal));
    } catch (DnsListener.BindException | UncheckedIOException e) {
      // a DNS or HTTP address in use or not ours: the message names it
      err.println("[FATAL] " + e.getMessage());
      return EXIT_CONFIG;
    }
    LOG.info(() -> "Using config file " + corefile.source() + ":\n" + corefile.text().strip());
    LOG.info(() -> "node-local-dns-runtime " + Version.current() + " on " + Runtime.version());
    Optional<CorefileWatcher> watcher =
        CorefileWatcher.start(
            flags.conf,
            sha512,
            corefile,
            (source, text) -> CorefileParser.parse(source, text, placeholders),
            runtime,
            runtime.reloadEvents());
    shutdown.onSignals(runtime);
    boolean fatal = shutdown.await();
    watcher.ifPresent(CorefileWatcher::close); // no reload may start once shutdown has begun
    if (fatal) {
      runtime.close(); // the message is logged; stop at once, as CoreDNS exits
      return EXIT_FATAL;
    }
    LOG.info("shutting down");
    runtime.shutdown();
    return EXIT_OK;
  }

  /** What ends the wait in {@link #run}: SIGTERM or SIGINT, or a fatal error of the runtime. */
  private static final class Shutdown {
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean fatal;

    /** SIGTERM and SIGINT stop; a second one ends the lameduck that follows at once. */
    void onSignals(DnsRuntime runtime) {
      for (String signal : new String[] {"TERM", "INT"}) {
        Signal.handle(
            new Signal(signal),
            received -> {
              if (stop.getCount() == 0) {
                runtime.cutLameduckShort();
              }
              stop.countDown();
            });
      }
    }

    void fatal(String message) {
      fatal = true;
      stop.countDown();
    }

    /** Blocks until told to stop; true if a fatal error was the reason. */
    boolean await() {
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return fatal;
    }
  }

  static Map<String, String> placeholders(List<String> pillars) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pillar : pillars) {
      int eq = pillar.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("-pillar " + pillar + ": expected NAME=VALUE");
      }
      map.put("__PILLAR__" + pillar.substring(0, eq) + "__", pillar.substring(eq + 1));
    }
    return map;
  }
}
