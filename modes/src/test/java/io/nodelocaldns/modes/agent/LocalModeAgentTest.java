package io.nodelocaldns.modes.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The production components in local mode (no root, nothing on the node): the flags as a developer
 * types them, the templated Corefile served by a real runtime on 127.0.0.1 port 0, a real upstream.
 */
class LocalModeAgentTest {
  @TempDir Path dir;

  @Test
  void clusterNamesAreAnsweredThroughTheTemplatedCorefile() throws Exception {
    UnboundServer.assumeInstalled();
    try (UnboundServer upstream =
        UnboundServer.builder()
            .localZone("cluster.local.")
            .localData("kubernetes.default.svc.cluster.local. 300 IN A 10.96.0.1")
            .start()) {
      Path base =
          Files.writeString(
              dir.resolve("Corefile.base"),
              """
          cluster.local:0 {
              errors
              cache 30
              reload
              bind 127.0.0.1
              forward . __PILLAR__CLUSTER__DNS__:%d {
                  force_tcp
              }
          }
          """
                  .formatted(upstream.port()));
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
                        dir.resolve("none").toString(),
                        "-syncinterval=200ms",
                        "--state-dir",
                        dir.resolve("state").toString()
                      });
      AgentEnvironment environment =
          new AgentEnvironment(
              Map.of("KUBE_DNS_UPSTREAM_SERVICE_HOST", "127.0.0.1"),
              dir.resolve("resolv.conf"),
              new PrintStream(new ByteArrayOutputStream()),
              System.err,
              AgentEnvironment.CONFIG_CHECK_INTERVAL,
              RuntimeOptions.defaults());
      Agent agent = new Agent(run.config(), new NodeAgentComponents(), environment);
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(agent::run, Executors.newSingleThreadExecutor());
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> agent.runtime() != null || exit.isDone());
        Message answer =
            DnsClient.udp(agent.runtime().addresses().get(0).socketAddress())
                .query("kubernetes.default.svc.cluster.local.", Type.A);

        assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
        assertThat(upstream.tcpQueries()).as("cluster names go to CoreDNS over TCP").isEqualTo(1);
        assertThat(Files.readString(dir.resolve("Corefile")))
            .contains("forward . 127.0.0.1:" + upstream.port());
      } finally {
        agent.stop();
      }
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void dryRunPrintsTheCorefileAndTheNodeCommandsAndServesNothing() throws Exception {
    Path base =
        Files.writeString(
            dir.resolve("Corefile.base"),
            """
        .:53 {
            bind __PILLAR__LOCAL__DNS__ __PILLAR__DNS__SERVER__
            forward . 10.0.0.1
        }
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FakeNode node = new FakeNode();

    int exit =
        AgentMain.run(
            new String[] {
              "-localip",
              "169.254.20.10,10.96.0.10",
              "--dry-run",
              "-basecorefile",
              base.toString(),
              "-conf",
              dir.resolve("Corefile").toString(),
              "--link-type",
              "bridge"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err,
            node);

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("bind 169.254.20.10 10.96.0.10\n")
        .contains("ip link add nodelocaldns type bridge")
        .contains("# kubelet: --cluster-dns=169.254.20.10")
        .contains(
            "# warm restart: the cache from a running agent's /var/lib/node-local-dns/handover.sock,"
                + " else from /var/lib/node-local-dns/cache.snapshot");
    assertThat(dir.resolve("Corefile")).as("a dry run changes nothing").doesNotExist();
    assertThat(node.calls).containsExactly("setUp");
  }

  @Test
  void ipvsDryRunWithTheRealComponentsPlansOnlyTheLinkLocalAddress() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path base =
        Files.writeString(
            dir.resolve("Corefile.base"),
            ".:53 {\n    bind 169.254.20.10 __PILLAR__DNS__SERVER__\n    forward . 10.0.0.1\n}\n");

    int exit =
        AgentMain.run(
            new String[] {
              "-localip",
              "169.254.20.10",
              "--dry-run",
              "-basecorefile",
              base.toString(),
              "-conf",
              dir.resolve("Corefile").toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err,
            new NodeAgentComponents());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).isZero();
    assertThat(printed)
        .contains("bind 169.254.20.10\n")
        .contains("ip link add nodelocaldns type dummy")
        .contains("169.254.20.10/32")
        .contains("# kubelet: --cluster-dns=169.254.20.10")
        .doesNotContain("10.96.0.10");
    assertThat(dir.resolve("Corefile")).as("a dry run changes nothing").doesNotExist();
  }
}
