package io.nodelocaldns.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class UnboundServerTest {

  @Test
  void answersLocalDataOverUdpAndTcpAndCountsEach() throws Exception {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      assertThat(unbound.queries()).as("readiness probes are not counted").isZero();

      Message udp = DnsClient.udp(unbound.address()).query("a.test.", Type.A);
      Message tcp = DnsClient.tcp(unbound.address()).query("a.test.", Type.A);
      DnsClient.tcp(unbound.address()).query("a.test.", Type.A);

      assertThat(udp.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(tcp.getSection(Section.ANSWER)).hasSize(1);
      assertThat(unbound.queries()).isEqualTo(3);
      assertThat(unbound.tcpQueries()).isEqualTo(2);
      assertThat(unbound.udpQueries()).isEqualTo(1);
    }
  }

  @Test
  void everyOtherNameIsNxdomainWithTheSoaOfItsZoneAtOnce() throws Exception {
    try (UnboundServer unbound =
        UnboundServer.builder()
            .localZone("cluster.local.")
            .localData("svc.cluster.local. 30 IN A 10.0.0.1")
            .start()) {
      // a short timeout: unbound must answer from local data, never try to recurse
      DnsClient client = DnsClient.udp(unbound.address()).withTimeout(Duration.ofSeconds(2));

      Message below = client.query("x.svc.cluster.local.", Type.A);
      Message elsewhere = client.query("example.com.", Type.A);

      assertThat(below.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(below.getSection(Section.AUTHORITY).getFirst().getName().toString())
          .isEqualTo("cluster.local.");
      assertThat(elsewhere.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(elsewhere.getSection(Section.AUTHORITY).getFirst().getType()).isEqualTo(Type.SOA);
    }
  }

  @Test
  void takesTxtRecordsWithQuotes() throws Exception {
    try (UnboundServer unbound = UnboundServer.start("t.test. 30 IN TXT \"hello world\"")) {
      Message answer = DnsClient.udp(unbound.address()).query("t.test.", Type.TXT);

      assertThat(((TXTRecord) answer.getSection(Section.ANSWER).getFirst()).getStrings())
          .containsExactly("hello world");
    }
  }

  @Test
  void closeStopsTheProcessAndRemovesItsDirectory() {
    UnboundServer unbound = UnboundServer.start();
    long pid = unbound.pid();
    Path dir = unbound.configFile().getParent();

    unbound.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void restartsOnTheSamePort() throws Exception {
    int port;
    try (UnboundServer first = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      port = first.port();
    }
    try (UnboundServer second =
        UnboundServer.builder().port(port).localData("a.test. 30 IN A 10.0.0.2").start()) {
      assertThat(
              DnsClient.udp(second.address())
                  .query("a.test.", Type.A)
                  .getSection(Section.ANSWER)
                  .getFirst()
                  .rdataToString())
          .isEqualTo("10.0.0.2");
    }
  }

  @Test
  void countsAQueryThatReachesItWhileItStarts() throws Exception {
    int port = FreePorts.udpAndTcp();
    DnsClient client = DnsClient.udp(FreePorts.loopback(port)).withTimeout(Duration.ofMillis(100));
    CompletableFuture<Message> firstAnswer =
        CompletableFuture.supplyAsync(
            () -> {
              long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
              while (System.nanoTime() < deadline) {
                try {
                  return client.query("a.test.", Type.A);
                } catch (IOException notYetListening) {
                  // asked again until the server answers
                }
              }
              throw new IllegalStateException("no answer at " + port + " within 30 s");
            });

    try (UnboundServer unbound =
        UnboundServer.builder().port(port).localData("a.test. 30 IN A 10.0.0.1").start()) {
      assertThat(firstAnswer.get(30, TimeUnit.SECONDS).getRcode()).isEqualTo(Rcode.NOERROR);

      assertThat(unbound.queries()).isPositive();
    }
  }
}
