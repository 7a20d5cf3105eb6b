package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real dnsmasq on 127.0.0.1 with no upstream at all ({@code --no-resolv}, {@code --local=/#/}):
 * it answers from host records and addresses given by the test, and every other name is NXDOMAIN
 * <em>without</em> an SOA, the negative answer the cache must treat with CoreDNS's fail-safe TTL.
 *
 * <pre>{@code
 * try (DnsmasqServer dnsmasq = DnsmasqServer.builder()
 *     .hostRecord("svc.cluster.local", "10.0.0.2")
 *     .localTtl(30)
 *     .start()) { ... }
 * }</pre>
 *
 * <p>Queries are logged ({@code --log-queries}), which is how {@link #queries()} counts them. Tests
 * using it are skipped when dnsmasq is not installed.
 */
public final class DnsmasqServer implements AutoCloseable {
  private static final String BINARY = "dnsmasq";
  private static final String QUERY_LOG_MARK = ": query[";

  private final ServerProcess process;
  private final InetSocketAddress address;

  /** How dnsmasq logs the readiness probe (see {@link ServerProcess}), which is not counted. */
  private static final String PROBE_LOG_MARK = "] " + ServerProcess.READINESS_NAME + " from ";

  private DnsmasqServer(ServerProcess process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  /** Skips the calling test (JUnit assumption) unless dnsmasq is installed. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        ServerProcess.findBinary(BINARY) != null,
        "dnsmasq not installed: apt-get install dnsmasq-base");
  }

  public static Builder builder() {
    return new Builder();
  }

  public InetSocketAddress address() {
    return address;
  }

  public int port() {
    return address.getPort();
  }

  public long pid() {
    return process.pid();
  }

  /** What dnsmasq printed so far, the query log included. */
  public String log() {
    return process.log();
  }

  /** Queries it received over UDP and TCP, from its first packet on, but the readiness probes. */
  public long queries() {
    return process
        .log()
        .lines()
        .filter(l -> l.contains(QUERY_LOG_MARK) && !l.contains(PROBE_LOG_MARK))
        .count();
  }

  /** Stops dnsmasq by its PID and deletes its directory. */
  @Override
  public void close() {
    process.close();
  }

  /** What the server answers and how it is set up. */
  public static final class Builder {
    private final List<String> options = new ArrayList<>();
    private int port;
    private int localTtl;

    private Builder() {}

    /** Listens on this port; a free one by default. */
    public Builder port(int newPort) {
      this.port = newPort;
      return this;
    }

    /** {@code --host-record=NAME,IP}: A (or AAAA) and PTR for {@code name}. */
    public Builder hostRecord(String name, String ip) {
      options.add("--host-record=" + strip(name) + "," + ip);
      return this;
    }

    /**
     * {@code --address=/DOMAIN/IP}: {@code domain} and every name below it resolve to {@code ip}.
     */
    public Builder address(String domain, String ip) {
      options.add("--address=/" + strip(domain) + "/" + ip);
      return this;
    }

    /** {@code --local=/ZONE/}: answered from local data only; unknown names NXDOMAIN, no SOA. */
    public Builder localZone(String zone) {
      options.add("--local=/" + strip(zone) + "/");
      return this;
    }

    /** {@code --local-ttl}: TTL of local answers (dnsmasq's default is 0). */
    public Builder localTtl(int seconds) {
      this.localTtl = seconds;
      return this;
    }

    /** Any other dnsmasq option, e.g. {@code "--txt-record=t.test,hello"}. */
    public Builder option(String option) {
      options.add(option);
      return this;
    }

    /** Starts dnsmasq and waits until it answers over UDP and TCP. */
    public DnsmasqServer start() {
      assumeInstalled();
      int listenPort = port != 0 ? port : FreePorts.udpAndTcp();
      InetSocketAddress address = FreePorts.loopback(listenPort);
      try {
        Path dir = Files.createTempDirectory("dnsmasq-test-");
        List<String> command =
            new ArrayList<>(
                List.of(
                    ServerProcess.findBinary(BINARY),
                    "--keep-in-foreground",
                    "--conf-file=/dev/null",
                    "--no-resolv",
                    "--no-hosts",
                    "--bind-interfaces",
                    "--listen-address=127.0.0.1",
                    "--port=" + listenPort,
                    "--pid-file=" + dir.resolve("dnsmasq.pid"),
                    "--user=" + System.getProperty("user.name"),
                    "--log-facility=-",
                    "--log-queries",
                    "--local-ttl=" + localTtl,
                    "--local=/#/"));
        command.addAll(options);
        return new DnsmasqServer(ServerProcess.start("dnsmasq", command, dir, address), address);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String strip(String name) {
      return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }
  }
}
