package io.nodelocaldns.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsmasqServerTest {

  @Test
  void answersHostRecordsWithTheLocalTtl() throws Exception {
    try (DnsmasqServer dnsmasq =
        DnsmasqServer.builder()
            .hostRecord("svc.cluster.local.", "10.0.0.2")
            .address("ext.test", "10.0.0.3")
            .localTtl(30)
            .start()) {
      Message host = DnsClient.udp(dnsmasq.address()).query("svc.cluster.local.", Type.A);
      Message wildcard = DnsClient.tcp(dnsmasq.address()).query("a.b.ext.test.", Type.A);

      assertThat(host.getSection(Section.ANSWER).getFirst().rdataToString()).isEqualTo("10.0.0.2");
      assertThat(host.getSection(Section.ANSWER).getFirst().getTTL()).isEqualTo(30);
      assertThat(wildcard.getSection(Section.ANSWER).getFirst().rdataToString())
          .isEqualTo("10.0.0.3");
      assertThat(dnsmasq.queries()).isEqualTo(2);
    }
  }

  @Test
  void unknownNamesAreNxdomainWithoutSoa() throws Exception {
    try (DnsmasqServer dnsmasq = DnsmasqServer.builder().localZone("cluster.local").start()) {
      Message inZone = DnsClient.udp(dnsmasq.address()).query("nope.cluster.local.", Type.A);
      Message elsewhere = DnsClient.udp(dnsmasq.address()).query("example.com.", Type.A);

      assertThat(inZone.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(inZone.getSection(Section.AUTHORITY)).isEmpty();
      assertThat(elsewhere.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(elsewhere.getSection(Section.AUTHORITY)).isEmpty();
    }
  }

  @Test
  void closeStopsTheProcess() {
    DnsmasqServer dnsmasq = DnsmasqServer.builder().start();
    long pid = dnsmasq.pid();

    dnsmasq.close();

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }
}
