package io.nodelocaldns.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nodelocaldns.runtime.testing.NetworkNamespace;
import io.nodelocaldns.runtime.testing.RuntimeJarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runtime inside a network namespace of its own, told to bind an IPv6 address that is
 * still <em>tentative</em> (duplicate address detection running): it waits for it and serves, where
 * it used to exit with {@code bind(..) failed with error(-99): Cannot assign requested address}.
 * Needs root and {@code ip netns}; skipped otherwise.
 */
class TentativeAddressIT {
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  @TempDir Path dir;
  private NetworkNamespace namespace;
  private RuntimeJarProcess runtime;

  @BeforeEach
  void namespace() {
    namespace = NetworkNamespace.create("nld-dad");
    in("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=0", "net.ipv6.conf.default.disable_ipv6=0");
  }

  @AfterEach
  void cleanUp() {
    if (runtime != null) {
      runtime.close();
    }
    if (namespace != null) {
      namespace.close();
    }
  }

  @Test
  void anAddressInDuplicateAddressDetectionIsWaitedForAndServed() throws Exception {
    // a veth pair, both ends up: DAD runs (about a second) and ends, nobody else has the address
    in("ip", "link", "add", "dad0", "type", "veth", "peer", "name", "dad1");
    in("ip", "link", "set", "dad1", "up");
    in("ip", "link", "set", "dad0", "up");
    in("ip", "addr", "add", "fd00::20/128", "dev", "dad0");
    assumeTrue(
        in("ip", "-6", "addr", "show", "dev", "dad0").contains("tentative"),
        "the address left DAD before the test could start the runtime");

    runtime = start("fd00::20");

    await()
        .atMost(GENEROUS)
        .until(() -> !runtime.isAlive() || dig("fd00::20").contains("192.0.2.1"));
    assertThat(runtime.isAlive()).as(runtime.output()).isTrue();
    assertThat(runtime.output()).contains("dns://[fd00::20]:53: the address is tentative");
    assertThat(dig("fd00::20")).contains("192.0.2.1");
  }

  @Test
  void anAddressThatStaysTentativeFailsSayingAddItNodad() throws Exception {
    // a link that is down never runs DAD: the address stays tentative for good
    in("ip", "link", "add", "dad0", "type", "bridge");
    in("ip", "addr", "add", "fd00::21/128", "dev", "dad0");

    runtime = start("fd00::21");

    assertThat(runtime.process().waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(runtime.process().exitValue()).isNotZero();
    assertThat(runtime.output())
        .contains("listen udp [fd00::21]:53")
        .contains("still tentative after 10 s")
        .contains("nodad");
  }

  private RuntimeJarProcess start(String address) throws IOException {
    Path corefile =
        Files.writeString(
            dir.resolve("Corefile"),
            """
            .:53 {
                bind %s
                template IN A example.test {
                    answer "{{ .Name }} 60 IN A 192.0.2.1"
                }
            }
            """
                .formatted(address));
    return RuntimeJarProcess.startInNamespace(
        namespace.name(), dir.resolve("runtime.log"), "-conf", corefile.toString());
  }

  private String dig(String server) {
    return in("dig", "+short", "+time=1", "+tries=1", "@" + server, "example.test", "A");
  }

  private String in(String... command) {
    return namespace.in(command);
  }
}
