package io.nodelocaldns.modes.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The agent in local mode with a kube-dns ConfigMap that a careless or hostile editor wrote: it
 * starts, serves what is valid, and keeps serving when the ConfigMap changes to more bad values.
 */
class KubeDnsConfigMapAgentTest {
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  /** The upstream manifest's zones, on one port of 127.0.0.1. */
  private static final String BASE =
      """
      cluster.local:%1$d {
          errors
          bind 127.0.0.1
          forward . __PILLAR__CLUSTER__DNS__:%2$d {
              force_tcp
          }
      }
      in-addr.arpa:%1$d {
          errors
          bind 127.0.0.1
          forward . __PILLAR__CLUSTER__DNS__:%2$d {
              force_tcp
          }
      }
      ip6.arpa:%1$d {
          errors
          bind 127.0.0.1
          forward . __PILLAR__CLUSTER__DNS__:%2$d {
              force_tcp
          }
      }
      .:%1$d {
          errors
          bind 127.0.0.1
          forward . __PILLAR__UPSTREAM__SERVERS__ {
              force_tcp
          }
      }
      """;

  @TempDir Path dir;

  @Test
  void anAgentStartsAndServesWithAConfigMapFullOfBadValues_andKeepsServingWhenItChanges()
      throws Exception {
    UnboundServer.assumeInstalled();
    try (UnboundServer upstream =
            UnboundServer.builder()
                .localZone("cluster.local.")
                .localData("kubernetes.default.svc.cluster.local. 300 IN A 10.96.0.1")
                .localZone("example.org.")
                .localData("www.example.org. 300 IN A 192.0.2.3")
                .start();
        UnboundServer stubServer =
            UnboundServer.builder()
                .localZone("acme.local.")
                .localData("www.acme.local. 300 IN A 192.0.2.1")
                .localZone("other.local.")
                .localData("www.other.local. 300 IN A 192.0.2.2")
                .start()) {
      int port = FreePorts.udpAndTcp();
      String good = "127.0.0.1:" + upstream.port();
      String stub = "127.0.0.1:" + stubServer.port();
      Path base =
          Files.writeString(dir.resolve("Corefile.base"), BASE.formatted(port, upstream.port()));
      Path kubeDns = Files.createDirectories(dir.resolve("kube-dns"));
      Files.writeString(
          kubeDns.resolve("stubDomains"),
          """
          {
            ".": ["%1$s"],
            "cluster.local": ["%1$s"],
            "CLUSTER.LOCAL.": ["%1$s"],
            "in-addr.arpa": ["%1$s"],
            "..": ["%1$s"],
            "a..b": ["%1$s"],
            "acme.local": ["ffff", "a.b", "1.2.3.4:99999", ":0", "999.1.1.1", "%2$s"],
            "dead.local": ["ffff"]
          }
          """
              .formatted(good, stub));
      Files.writeString(
          kubeDns.resolve("upstreamNameservers"),
          "[\"a.b\", \"999.1.1.1\", \"%s\"]".formatted(good));
      Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
      AgentFlags.Run run =
          (AgentFlags.Run)
              new AgentFlags()
                  .parse(
                      new String[] {
                        "--mode",
                        "local",
                        "-basecorefile",
                        base.toString(),
                        "-conf",
                        dir.resolve("Corefile").toString(),
                        "-kubednscm",
                        kubeDns.toString(),
                        "-syncinterval=200ms",
                        "--state-dir",
                        dir.resolve("state").toString()
                      });
      AgentEnvironment environment =
          new AgentEnvironment(
              Map.of("KUBE_DNS_UPSTREAM_SERVICE_HOST", "127.0.0.1"),
              dir.resolve("resolv.conf"),
              new PrintStream(new ByteArrayOutputStream()),
              new PrintStream(new ByteArrayOutputStream()),
              Duration.ofMillis(200),
              RuntimeOptions.defaults());
      Agent agent = new Agent(run.config(), new NodeAgentComponents(), environment);
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(agent::run, Executors.newSingleThreadExecutor());
      try {
        await().atMost(GENEROUS).until(() -> agent.runtime() != null || exit.isDone());
        assertThat(exit).as("the agent runs despite the ConfigMap").isNotDone();
        DnsClient client =
            DnsClient.udp(FreePorts.loopback(port)).withTimeout(Duration.ofSeconds(2));

        assertThat(answer(client, "kubernetes.default.svc.cluster.local.")).isEqualTo("10.96.0.1");
        assertThat(answer(client, "www.acme.local.")).as("the good stub").isEqualTo("192.0.2.1");
        assertThat(answer(client, "www.example.org."))
            .as("the good upstream nameserver")
            .isEqualTo("192.0.2.3");
        // 6 bad domains, 5 bad servers of acme.local, dead.local's server and then dead.local
        // itself, 2 bad upstream nameservers
        assertThat(agent.setupErrors().get(SetupErrors.Type.CONFIGMAP)).isEqualTo(15);
        assertThat(Files.readString(dir.resolve("Corefile")))
            .contains("\nacme.local:" + port + " {")
            .contains("forward . " + stub + "\n")
            .doesNotContain("dead.local")
            .doesNotContain("a..b");

        Files.writeString(
            kubeDns.resolve("stubDomains"),
            "{\"b..c\": [\"%1$s\"], \"other.local\": [\"%1$s\", \"::1:99999\"]}".formatted(stub));

        await()
            .atMost(GENEROUS)
            .until(() -> Files.readString(dir.resolve("Corefile")).contains("\nother.local:"));
        await()
            .atMost(GENEROUS)
            .untilAsserted(
                () -> assertThat(answer(client, "www.other.local.")).isEqualTo("192.0.2.2"));
        assertThat(exit).isNotDone();
        // b..c, the bad server of other.local, and the same 2 bad upstream nameservers again
        assertThat(agent.setupErrors().get(SetupErrors.Type.CONFIGMAP)).isEqualTo(15 + 2 + 2);
      } finally {
        agent.stop();
      }
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  /** The first A record's address, or the rcode's name when there is none. */
  private static String answer(DnsClient client, String name) throws Exception {
    Message answer = client.query(name, Type.A);
    return answer.getSection(Section.ANSWER).isEmpty()
        ? Rcode.string(answer.getRcode())
        : answer.getSection(Section.ANSWER).get(0).rdataToString();
  }
}
