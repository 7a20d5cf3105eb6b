package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The {@code loop} directive on running runtimes: real forwarding loops are found and reported with
 * CoreDNS's message through the fatal callback (recorded here instead of exiting); a block
 * forwarding to a real server is left alone.
 */
class RuntimeLoopTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private static final String TROUBLESHOOTING =
      "see https://coredns.io/plugins/loop#troubleshooting. ";

  private final List<DnsRuntime> runtimes = new ArrayList<>();
  private final List<String> fatal = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    runtimes.forEach(DnsRuntime::close);
  }

  private DnsRuntime start(String corefile) {
    DnsRuntime runtime =
        DnsRuntime.start(
            CorefileParser.parse("Corefile", corefile, Map.of()),
            RuntimeOptions.defaults().withOnFatal(fatal::add));
    runtimes.add(runtime);
    return runtime;
  }

  @Test
  void twoInstancesForwardingToEachOtherAreALoop() {
    int first = FreePorts.udpAndTcp();
    int second = FreePorts.udpAndTcp();
    String block =
        """
        .:%d {
            bind 127.0.0.1
            cache 30
            loop
            forward . 127.0.0.1:%d
        }
        """;
    start(block.formatted(first, second)); // probes while the other is not there yet: no loop
    start(block.formatted(second, first));

    await().atMost(GENEROUS).until(() -> !fatal.isEmpty());
    assertThat(fatal)
        .allSatisfy(
            message ->
                assertThat(message)
                    .matches(
                        "plugin/loop: Loop \\(127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:("
                            + first
                            + "|"
                            + second
                            + ")\\) detected for zone \"\\.\", "
                            + TROUBLESHOOTING.replace(".", "\\.")
                            + "Query: \"HINFO \\d+\\.\\d+\\.\""));
  }

  @Test
  void aLoopThatAReloadCreatesIsFoundByTheRebuiltBlock() throws Exception {
    UnboundServer.assumeInstalled();
    try (UnboundServer unbound = UnboundServer.start("www.example. 300 IN A 192.0.2.10")) {
      int first = FreePorts.udpAndTcp();
      int second = FreePorts.udpAndTcp();
      String block = ".:%d {\n    bind 127.0.0.1\n    loop\n    forward . 127.0.0.1:%d\n}\n";
      DnsRuntime a = start(block.formatted(first, unbound.port()));
      DnsRuntime b = start(block.formatted(second, first)); // b -> a -> unbound: no loop
      await().atMost(GENEROUS).until(() -> a.loopProbesIdle() && b.loopProbesIdle());
      assertThat(fatal).isEmpty();

      a.reload(
          CorefileParser.parse(
              "Corefile", block.formatted(first, second), Map.of())); // a -> b -> a
      await().atMost(GENEROUS).until(() -> !fatal.isEmpty());
      assertThat(fatal)
          .singleElement()
          .asString()
          .contains(" -> 127.0.0.1:" + first + ") detected for zone \".\"");
    }
  }

  @Test
  void aBlockForwardingToItselfOverTcpOnEveryAddressIsALoop() {
    int port = FreePorts.udpAndTcp();
    start(
        """
        .:%1$d {
            loop
            forward . 127.0.0.1:%1$d {
                force_tcp
            }
        }
        """
            .formatted(port));
    await().atMost(GENEROUS).until(() -> !fatal.isEmpty());
    assertThat(fatal)
        .singleElement()
        .asString()
        .startsWith("plugin/loop: Loop (127.0.0.1:")
        .contains(" -> :" + port + ") detected for zone \".\", " + TROUBLESHOOTING);
  }

  @Test
  void aBlockForwardingToARealServerIsNoLoop() throws Exception {
    UnboundServer.assumeInstalled();
    try (UnboundServer unbound =
        UnboundServer.builder().localData("www.example. 300 IN A 192.0.2.10").start()) {
      String zoneBlock =
          """
          %s:0 {
              bind 127.0.0.1
              cache 30
              loop
              forward . 127.0.0.1:%d
          }
          """;
      DnsRuntime runtime =
          start(
              zoneBlock.formatted(".", unbound.port())
                  + zoneBlock.formatted("example", unbound.port()));
      await().atMost(GENEROUS).until(runtime::loopProbesIdle);
      assertThat(fatal).isEmpty();
      assertThat(unbound.queries())
          .as("each block's probe went upstream")
          .isGreaterThanOrEqualTo(2);
      assertThat(
              DnsClient.udp(runtime.addresses().get(0).socketAddress())
                  .query("www.example.", Type.A)
                  .getRcode())
          .isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void aDeadUpstreamIsNoLoop() {
    int dead = FreePorts.udpAndTcp(); // nothing listens: every probe gets SERVFAIL
    DnsRuntime runtime =
        start(
            """
        .:0 {
            bind 127.0.0.1
            loop
            forward . 127.0.0.1:%d
        }
        """
                .formatted(dead));
    // the detector keeps trying (30 s); after several tries a counting mistake would have shown
    await().atMost(GENEROUS).until(() -> probesSent(runtime) >= 4);
    assertThat(fatal).isEmpty();
  }

  private static int probesSent(DnsRuntime runtime) {
    return runtime.loopProbeNamesAsked();
  }

  @Test
  void aHundredStubBlocksProbeWithoutAThreadEach() {
    UnboundServer.assumeInstalled();
    try (UnboundServer upstream = UnboundServer.start()) {
      int port = FreePorts.udpAndTcp();
      StringBuilder corefile = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        corefile.append(
            """
            stub%d.example:%d {
                bind 127.0.0.1
                cache 30
                loop
                forward . 127.0.0.1:%d
            }
            """
                .formatted(i, port, upstream.port()));
      }
      long before = Thread.getAllStackTraces().size(); // platform threads only
      start(corefile.toString());

      long during = Thread.getAllStackTraces().size();
      await() // every block's probe went out through its forward
          .atMost(GENEROUS)
          .until(() -> upstream.stats().getOrDefault("num.query.type.HINFO", 0L) >= 100);

      assertThat(during - before).as("platform threads started").isLessThan(20);
      assertThat(fatal).isEmpty();
    }
  }
}
