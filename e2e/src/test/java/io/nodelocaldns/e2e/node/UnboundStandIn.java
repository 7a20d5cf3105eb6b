package io.nodelocaldns.e2e.node;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real DNS server (unbound) inside one namespace, answering only from local data over UDP and
 * TCP: CoreDNS's stand-in, the node's "external" resolver, the VPC resolver. {@code local-zone: "."
 * static} makes every other name NXDOMAIN and nothing is ever asked of another server, so no test
 * traffic can leave the namespaces. Its control socket is a Unix socket in {@code dir}, reachable
 * from the host, which is how {@link #stats()} counts what reached it.
 */
final class UnboundStandIn implements AutoCloseable {
  private static final int TTL = 30;
  private static final Duration START_TIMEOUT = Timeouts.scaled(Duration.ofSeconds(30));

  private final String name;
  private final String namespace;
  private final Path config;
  private final Path log;
  private final Process process;

  private UnboundStandIn(String name, String namespace, Path config, Path log, Process process) {
    this.name = name;
    this.namespace = namespace;
    this.config = config;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts unbound in {@code namespace} on {@code listen}:53, authoritative for {@code zone} with
   * {@code records} (zone-file lines), and waits until it answers {@code probeName} over UDP and
   * TCP.
   */
  static UnboundStandIn start(
      String name,
      String namespace,
      Path dir,
      String listen,
      String zone,
      List<String> records,
      String probeName) {
    return start(name, namespace, dir, List.of(listen), zone, records, probeName);
  }

  /**
   * As {@link #start(String, String, Path, String, String, List, String)}, listening on each of
   * {@code listen} (IPv4 or IPv6: with an IPv6 address it serves over IPv6 too) and waiting until
   * each answers.
   */
  static UnboundStandIn start(
      String name,
      String namespace,
      Path dir,
      List<String> listen,
      String zone,
      List<String> records,
      String probeName) {
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("unbound.conf");
      Path log = dir.resolve("unbound.log");
      Files.writeString(config, config(dir, listen, zone, records), StandardCharsets.UTF_8);
      Process process =
          Commands.start(
              namespace, List.of("unbound", "-d", "-c", config.toString()), Map.of(), log);
      UnboundStandIn server = new UnboundStandIn(name, namespace, config, log, process);
      try {
        for (String address : listen) {
          server.awaitAnswering(address, probeName);
        }
        server.resetStats();
      } catch (RuntimeException | AssertionError e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitAnswering(String listen, String probeName) {
    await(name + " answering in " + namespace)
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    name + " exited " + process.exitValue() + ": " + Files.readString(log));
              }
              return Dig.inNs(namespace, listen, probeName).answers()
                  && Dig.inNs(namespace, listen, probeName, "+tcp").answers();
            });
  }

  /** What reached it since the last {@link #resetStats()}. */
  UnboundStats stats() {
    return UnboundStats.parse(
        Commands.check("unbound-control", "-c", config.toString(), "stats_noreset").stdout());
  }

  /** Sets the counters back to zero ({@code unbound-control stats} reads and resets). */
  void resetStats() {
    Commands.check("unbound-control", "-c", config.toString(), "stats");
  }

  long pid() {
    return process.pid();
  }

  /** Stops it by its PID: SIGTERM, then SIGKILL if it lingers. */
  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(5));
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + " in " + namespace + ")";
  }

  private static String config(Path dir, List<String> listen, String zone, List<String> records) {
    boolean ipv6 = listen.stream().anyMatch(a -> a.contains(":"));
    List<String> interfaces = listen.stream().map(a -> "interface: " + a).toList();
    StringBuilder c = new StringBuilder("server:\n");
    for (String line :
        concat(
            List.of(
                "do-daemonize: no",
                "username: \"\"",
                "chroot: \"\"",
                "directory: \"" + dir + "\"",
                "pidfile: \"" + dir.resolve("unbound.pid") + "\"",
                "use-syslog: no",
                "logfile: \"\"",
                "verbosity: 1",
                "num-threads: 1",
                "do-ip6: " + (ipv6 ? "yes" : "no")),
            interfaces,
            List.of("port: 53", "access-control: 0.0.0.0/0 allow"),
            ipv6 ? List.of("access-control: ::/0 allow") : List.of(),
            List.of(
                "module-config: \"iterator\"",
                "extended-statistics: yes",
                // belt and braces: nothing is resolved beyond the local data
                "do-not-query-address: 0.0.0.0/0"),
            ipv6 ? List.of("do-not-query-address: ::/0") : List.of(),
            List.of(
                "local-zone: \".\" static",
                "local-data: \". " + TTL + " IN SOA ns. hostmaster. 1 3600 600 86400 " + TTL + "\"",
                "local-zone: \"" + zone + ".\" static",
                "local-data: \""
                    + zone
                    + ". "
                    + TTL
                    + " IN SOA ns."
                    + zone
                    + ". hostmaster."
                    + zone
                    + ". 1 3600 600 86400 "
                    + TTL
                    + "\""))) {
      c.append("  ").append(line).append('\n');
    }
    for (String record : records) {
      c.append("  local-data: \"").append(record).append("\"\n");
    }
    c.append("remote-control:\n")
        .append("  control-enable: yes\n")
        .append("  control-interface: \"")
        .append(dir.resolve("ctl.sock"))
        .append("\"\n")
        .append("  control-use-cert: no\n");
    return c.toString();
  }

  static String record(String name, String address) {
    return name + ". " + TTL + " IN A " + address;
  }

  /** An AAAA record, as {@link #record} is an A record. */
  static String recordAaaa(String name, String address) {
    return name + ". " + TTL + " IN AAAA " + address;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
  }
}
