package io.nodelocaldns.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsQuery;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class QueryLogFormatterTest {

  @Test
  void formatsLikeCoreDnsCommonFormat() throws Exception {
    // no EDNS, as in the seed's log line
    DnsQuery query =
        TestQueries.decode(
            Message.newQuery(
                Record.newRecord(
                    Name.fromString("kubernetes.default.svc.cluster.local."), Type.A, 1)));
    Request request =
        new Request(
            query,
            Transport.UDP,
            new InetSocketAddress("192.168.82.65", 54312),
            new InetSocketAddress("10.96.0.10", 53),
            0);
    byte[] wire = new byte[106];
    DnsFlags.putU16(wire, 0, query.id());
    DnsFlags.putU16(wire, 2, DnsFlags.QR | DnsFlags.AA | DnsFlags.RD);
    String line = QueryLogFormatter.format(request, new DnsResponse(wire), 232_824);
    assertThat(line)
        .isEqualTo(
            "192.168.82.65:54312 - "
                + query.id()
                + " \"A IN kubernetes.default.svc.cluster.local. udp 54 false 512\" NOERROR qr,aa,rd 106 0.000232824s");
  }

  @Test
  void secondsLikeGo() {
    assertThat(QueryLogFormatter.seconds(23_451_000)).isEqualTo("0.023451");
    assertThat(QueryLogFormatter.seconds(2_000_000_000)).isEqualTo("2");
  }
}
