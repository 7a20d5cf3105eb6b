package io.nodelocaldns.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
}
