package io.nodelocaldns.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.NetworkNamespace;
import io.nodelocaldns.runtime.testing.RuntimeJarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener asked for port 0 is given a port no other socket holds. Linux gives a port-0 socket
 * with SO_REUSEPORT a port that SO_REUSEPORT sockets of the same user already hold (about one bind
 * in 28,000 over the default range), and the listener then takes a share of their datagrams: a
 * test's runtime once joined its own upstream unbound's port this way and never saw the queries. In
 * a network namespace whose ephemeral range is two ports, one runtime holds the first; each runtime
 * started on port 0 beside it must serve on the second (the kernel alone would pick either one,
 * half the time each). Needs root and {@code ip netns}; skipped otherwise.
 */
class EphemeralPortIT {
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private static final int HELD = 40000;
  private static final int FREE = 40001;
  private static final int DIG_SOURCE_PORT = 50000;

  /** Runtimes started on port 0 in turn: the kernel alone would pass all four by 1 chance in 16. */
  private static final int STARTS = 4;

  @TempDir Path dir;
  private NetworkNamespace namespace;
  private RuntimeJarProcess holder;

  @BeforeEach
  void namespace() {
    namespace = NetworkNamespace.create("nld-port");
    namespace.in("sysctl", "-qw", "net.ipv4.ip_local_port_range=" + HELD + " " + FREE);
  }

  @AfterEach
  void cleanUp() {
    if (holder != null) {
      holder.close();
    }
    if (namespace != null) {
      namespace.close();
    }
  }

  @Test
  void aPortZeroListenerNeverSharesThePortOfAnotherReusePortSocket() throws IOException {
    holder = start(HELD, "192.0.2.1", "holder");
    awaitServing(holder);
    assertThat(holder.output()).contains("dns://127.0.0.1:" + HELD + "]");

    for (int i = 1; i <= STARTS; i++) {
      try (RuntimeJarProcess second = start(0, "192.0.2.2", "port-zero-" + i)) {
        awaitServing(second);
        assertThat(second.output()).as("start %d", i).contains("dns://127.0.0.1:" + FREE + "]");
        assertThat(dig(FREE)).as("start %d", i).isEqualTo("192.0.2.2");
        assertThat(dig(HELD)).as("start %d: the holder keeps its port", i).isEqualTo("192.0.2.1");
      }
    }
  }

  private RuntimeJarProcess start(int port, String answer, String name) throws IOException {
    Path corefile =
        Files.writeString(
            dir.resolve(name + ".Corefile"),
            """
            .:%d {
                bind 127.0.0.1
                template IN A example.test {
                    answer "{{ .Name }} 60 IN A %s"
                }
            }
            """
                .formatted(port, answer));
    return RuntimeJarProcess.startInNamespace(
        namespace.name(), dir.resolve(name + ".log"), "-conf", corefile.toString());
  }

  private static void awaitServing(RuntimeJarProcess runtime) {
    await()
        .atMost(GENEROUS)
        .until(() -> !runtime.isAlive() || runtime.output().contains("serving "));
    assertThat(runtime.isAlive()).as(runtime.output()).isTrue();
  }

  /** Asks from a port of its own outside the range: the range's two ports are taken. */
  private String dig(int port) {
    String source = "127.0.0.1#" + DIG_SOURCE_PORT;
    String[] command = {
      "dig",
      "+short",
      "+time=2",
      "+tries=1",
      "-b",
      source,
      "-p",
      "" + port,
      "@127.0.0.1",
      "example.test",
      "A"
    };
    return namespace.in(command).strip();
  }
}
