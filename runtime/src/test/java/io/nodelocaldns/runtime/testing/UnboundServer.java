package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real unbound on 127.0.0.1 answering only from local data: {@code local-zone: "." static}, so
 * every name not given is NXDOMAIN with the root's SOA, and nothing is ever asked of another server
 * (outgoing queries are forbidden too). Statistics come from {@code unbound-control stats_noreset}
 * over a Unix socket in the server's temp directory and count every query from the first packet;
 * the query counts leave out the readiness probes (class CHAOS, see {@link ServerProcess}), and
 * nothing is reset at start, so a query that reaches the server while it starts is counted too.
 *
 * <pre>{@code
 * try (UnboundServer unbound = UnboundServer.builder()
 *     .localZone("cluster.local.")
 *     .localData("svc.cluster.local. 30 IN A 10.0.0.1")
 *     .start()) {
 *   ... unbound.address() ... unbound.queries() ...
 * }
 * }</pre>
 *
 * <p>Tests using it are skipped when unbound is not installed.
 */
public final class UnboundServer implements AutoCloseable {
  /** The SOA MINIMUM (and TTL) of the zones this class writes: the negative TTL of NXDOMAINs. */
  public static final int SOA_TTL = 30;

  private static final String BINARY = "unbound";
  private static final String CONTROL_BINARY = "unbound-control";

  private final ServerProcess process;
  private final InetSocketAddress address;
  private final Path config;
  private final String control;

  private UnboundServer(
      ServerProcess process, InetSocketAddress address, Path config, String control) {
    this.process = process;
    this.address = address;
    this.config = config;
    this.control = control;
  }

  /** Skips the calling test (JUnit assumption) unless unbound and unbound-control are installed. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        ServerProcess.findBinary(BINARY) != null
            && ServerProcess.findBinary(CONTROL_BINARY) != null,
        "unbound not installed: apt-get install unbound");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An unbound with only {@code localData} (and the root zone's SOA and NS) on a free port. */
  public static UnboundServer start(String... localData) {
    return builder().localData(localData).start();
  }

  /** Where it listens, UDP and TCP. */
  public InetSocketAddress address() {
    return address;
  }

  public int port() {
    return address.getPort();
  }

  public long pid() {
    return process.pid();
  }

  public Path configFile() {
    return config;
  }

  /** What unbound printed so far. */
  public String log() {
    return process.log();
  }

  /** Every statistic of {@code unbound-control stats_noreset}, e.g. {@code total.num.queries}. */
  public Map<String, Long> stats() {
    String out = run(List.of(control, "-c", config.toString(), "stats_noreset"));
    Map<String, Long> stats = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        try {
          stats.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
        } catch (NumberFormatException e) {
          // a fractional statistic (times); not needed as a count
        }
      }
    }
    return stats;
  }

  /**
   * Queries received over UDP and TCP ({@code total.num.queries}) but the readiness probes (the
   * only CHAOS-class queries, {@code num.query.class.CH}).
   */
  public long queries() {
    return queries(stats());
  }

  private static long queries(Map<String, Long> stats) {
    return stats.getOrDefault("total.num.queries", 0L)
        - stats.getOrDefault("num.query.class.CH", 0L);
  }

  /**
   * Queries received over TCP ({@code num.query.tcp}, printed with extended statistics; {@code
   * num.query.tcpout} counts unbound's own outgoing TCP queries, not these).
   */
  public long tcpQueries() {
    return stats().getOrDefault("num.query.tcp", 0L);
  }

  /** Queries received over UDP. */
  public long udpQueries() {
    Map<String, Long> stats = stats();
    return queries(stats) - stats.getOrDefault("num.query.tcp", 0L);
  }

  /**
   * Sets every counter back to zero ({@code unbound-control stats}, which resets): only at a point
   * where the test knows no client of its own is talking to the server.
   */
  public void resetStatistics() {
    run(List.of(control, "-c", config.toString(), "stats"));
  }

  /** Stops unbound by its PID and deletes its directory. */
  @Override
  public void close() {
    process.close();
  }

  private String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            command + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the server answers and how it is set up. */
  public static final class Builder {
    private static final int RESTART_ATTEMPTS = 10;

    private final List<String> zones = new ArrayList<>();
    private final List<String> localData = new ArrayList<>();
    private final List<String> serverOptions = new ArrayList<>();
    private int port;

    private Builder() {}

    /** Listens on this port (e.g. one where an upstream was down); a free one by default. */
    public Builder port(int newPort) {
      this.port = newPort;
      return this;
    }

    /**
     * A static zone with its own SOA ({@code ns.ZONE hostmaster.ZONE}, TTL and MINIMUM {@link
     * #SOA_TTL}) and NS, so its NXDOMAINs carry that SOA.
     */
    public Builder localZone(String zone) {
      String z = zone.endsWith(".") ? zone : zone + ".";
      zones.add(z);
      localData.add(
          z
              + " "
              + SOA_TTL
              + " IN SOA ns."
              + z
              + " hostmaster."
              + z
              + " 1 3600 600 86400 "
              + SOA_TTL);
      localData.add(z + " " + SOA_TTL + " IN NS ns." + z);
      return this;
    }

    /** Records in zone file form, e.g. {@code "svc.cluster.local. 30 IN A 10.0.0.1"}. */
    public Builder localData(String... records) {
      localData.addAll(List.of(records));
      return this;
    }

    public Builder localData(List<String> records) {
      localData.addAll(records);
      return this;
    }

    /** Any other line for the {@code server:} clause, e.g. {@code "max-udp-size: 512"}. */
    public Builder serverOption(String line) {
      serverOptions.add(line);
      return this;
    }

    /**
     * Writes the configuration, starts unbound and waits until it answers over UDP and TCP. On a
     * port given with {@link #port} (a restart on the port a runtime knows) it tries again for a
     * few seconds: while the old server was down, a client socket may have been handed that port
     * from the ephemeral range for a moment (UDP queries, TCP health checks).
     */
    public UnboundServer start() {
      assumeInstalled();
      if (port == 0) {
        return startOn(FreePorts.udpAndTcp());
      }
      RuntimeException last = null;
      for (int attempt = 0; attempt < RESTART_ATTEMPTS; attempt++) {
        try {
          return startOn(port);
        } catch (IllegalStateException e) {
          if (!e.getMessage().contains(" exited with ")) {
            throw e; // running but not answering: no port clash, and no point waiting again
          }
          last = e;
          sleepQuietly(Duration.ofMillis(500));
        }
      }
      throw last;
    }

    private static void sleepQuietly(Duration pause) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private UnboundServer startOn(int listenPort) {
      InetSocketAddress address = FreePorts.loopback(listenPort);
      try {
        Path dir = Files.createTempDirectory("unbound-test-");
        Path config = dir.resolve("unbound.conf");
        Files.writeString(config, config(dir, listenPort), StandardCharsets.UTF_8);
        ServerProcess process =
            ServerProcess.start(
                "unbound",
                List.of(ServerProcess.findBinary(BINARY), "-d", "-c", config.toString()),
                dir,
                address);
        return new UnboundServer(
            process, address, config, ServerProcess.findBinary(CONTROL_BINARY));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String config(Path dir, int listenPort) {
      StringBuilder c = new StringBuilder();
      c.append("server:\n");
      line(c, "do-daemonize: no");
      line(c, "username: \"\"");
      line(c, "chroot: \"\"");
      line(c, "directory: \"" + dir + "\"");
      line(c, "pidfile: \"" + dir.resolve("unbound.pid") + "\"");
      line(c, "use-syslog: no");
      line(c, "logfile: \"\"");
      line(c, "verbosity: 1");
      line(c, "num-threads: 1");
      line(c, "do-ip6: no");
      line(c, "interface: 127.0.0.1");
      line(c, "port: " + listenPort);
      line(c, "access-control: 127.0.0.0/8 allow");
      line(c, "module-config: \"iterator\"");
      line(c, "extended-statistics: yes");
      line(c, "msg-buffer-size: 65552");
      // belt and braces: nothing is ever resolved beyond the local data
      line(c, "do-not-query-address: 0.0.0.0/0");
      line(c, "local-zone: \".\" static");
      line(
          c,
          "local-data: \". "
              + SOA_TTL
              + " IN SOA ns. hostmaster. 1 3600 600 86400 "
              + SOA_TTL
              + "\"");
      line(c, "local-data: \". " + SOA_TTL + " IN NS ns.\"");
      for (String zone : zones) {
        line(c, "local-zone: \"" + zone + "\" static");
      }
      for (String record : localData) {
        // unbound takes records with double quotes (TXT) in single quotes
        line(
            c,
            record.indexOf('"') >= 0
                ? "local-data: '" + record + "'"
                : "local-data: \"" + record + "\"");
      }
      serverOptions.forEach(o -> line(c, o));
      c.append("remote-control:\n");
      line(c, "control-enable: yes");
      line(c, "control-interface: \"" + dir.resolve("ctl.sock") + "\"");
      line(c, "control-use-cert: no");
      return c.toString();
    }

    private static void line(StringBuilder c, String line) {
      c.append("  ").append(line).append('\n');
    }
  }
}
