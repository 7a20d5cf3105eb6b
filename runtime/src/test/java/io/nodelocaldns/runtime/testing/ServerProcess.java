package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A DNS server running as a child process, with its own temporary directory: started, waited for
 * until it answers over UDP and TCP, stopped by its PID (SIGTERM, then SIGKILL), directory deleted.
 * A shutdown hook stops it too if a test forgets, so no server outlives the test JVM.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(300);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /** The readiness probe's name, asked in class CHAOS: unbound and dnsmasq both answer it. */
  static final String READINESS_NAME = "version.bind";

  private final String name;
  private final Process process;
  private final Path directory;
  private final Path log;
  private final Thread shutdownHook;

  private ServerProcess(String name, Process process, Path directory, Path log) {
    this.name = name;
    this.process = process;
    this.directory = directory;
    this.log = log;
    this.shutdownHook = new Thread(process::destroyForcibly, name + "-reaper");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Whether {@code binary} can be run (found on PATH, /usr/sbin or /sbin). */
  static String findBinary(String binary) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return Path.of(dir, binary).toString();
      }
    }
    return null;
  }

  /**
   * Starts {@code command} with its output in {@code directory/server.log} and waits until it
   * answers {@link #READINESS_NAME} {@code CH TXT} over UDP (any response) and accepts a TCP
   * connection at {@code address}. The probes stay out of what tests count: the UDP one is the only
   * CHAOS-class query a test sends, and the TCP one carries no query. So a server's counters need
   * no reset after start, which would race with a client that reaches it first (a forwarder's
   * health check on a restarted upstream does).
   */
  static ServerProcess start(
      String name, List<String> command, Path directory, InetSocketAddress address) {
    Path log = directory.resolve("server.log");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      deleteRecursively(directory);
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
    ServerProcess server = new ServerProcess(name, process, directory, log);
    try {
      server.awaitAnswers(address);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the server printed so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  Path directory() {
    return directory;
  }

  /** Stops the process by PID (SIGTERM, then SIGKILL) and deletes its directory. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs anyway
    }
    deleteRecursively(directory);
  }

  private void awaitAnswers(InetSocketAddress address) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    boolean udp = false;
    boolean tcp = false;
    while (!(udp && tcp)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ":\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name
                + " did not answer at "
                + address
                + " within "
                + START_TIMEOUT.toSeconds()
                + " s:\n"
                + log());
      }
      udp = udp || answersUdp(address);
      tcp = tcp || acceptsTcp(address);
      if (!(udp && tcp)) {
        sleep(POLL);
      }
    }
  }

  private static boolean answersUdp(InetSocketAddress address) {
    try {
      DnsClient.udp(address)
          .withTimeout(PROBE_TIMEOUT)
          .query(Name.fromConstantString(READINESS_NAME + "."), Type.TXT, DClass.CH);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean acceptsTcp(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) PROBE_TIMEOUT.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a server", e);
    }
  }

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover temp directory is no reason to fail a test
    }
  }
}
