package io.nodelocaldns.runtime.prometheus;

import static io.nodelocaldns.runtime.testing.MetricsRuntime.hostPort;
import static io.nodelocaldns.runtime.testing.MetricsRuntime.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.MetricsRuntime;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.MutableClock;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code coredns_dns_*} scraped from a running runtime after known queries: counts by type,
 * protocol and family, responses by rcode and answering plugin, sizes and durations.
 */
class DnsMetricsTest {
  private static final String KNOWN = "kubernetes.default.svc.cluster.local.";
  private static final int BIG_ANSWER_RECORDS = 100;

  /** CoreDNS's duration buckets as its Go client prints them. */
  private static final List<String> TIME_BUCKETS =
      List.of(
          "0.00025", "0.0005", "0.001", "0.002", "0.004", "0.008", "0.016", "0.032", "0.064",
          "0.128", "0.256", "0.512", "1.024", "2.048", "4.096", "8.192", "+Inf");

  private static UnboundServer upstream;
  private final MutableClock clock = MutableClock.create();
  private MetricsRuntime runtime;

  @BeforeAll
  static void startUpstream() {
    UnboundServer.assumeInstalled();
    List<String> big = new ArrayList<>();
    for (int i = 0; i < BIG_ANSWER_RECORDS; i++) {
      big.add("big.cluster.local. 30 IN A 10.1." + (i / 250) + "." + (i % 250 + 1));
    }
    upstream =
        UnboundServer.builder()
            .localZone("cluster.local.")
            .localZone("example.")
            .localData("kubernetes.default.svc.cluster.local. 300 IN A 10.96.0.1")
            .localData("www.example. 300 IN A 192.0.2.10")
            .localData(big)
            .start();
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @AfterEach
  void stopRuntime() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private void start(String zones, String bind) {
    runtime =
        MetricsRuntime.start(
            """
        %s {
            %s
            cache 30
            forward . %s
            prometheus 127.0.0.1:0
        }
        """
                .formatted(zones, bind, hostPort(upstream.address())),
            clock);
  }

  @Test
  void requestsAndResponsesByTypeProtocolRcodeAndPlugin() throws Exception {
    start("cluster.local:0", "bind 127.0.0.1");
    Traffic traffic = new Traffic(runtime.dns());
    traffic.udp(KNOWN, Type.A); // forward NOERROR
    traffic.udp(KNOWN, Type.A); // cache NOERROR
    traffic.udp("missing.cluster.local.", Type.A); // forward NXDOMAIN
    traffic.tcp(KNOWN, Type.TXT); // forward NOERROR (no data)
    traffic.udp(KNOWN, Type.NAPTR); // a type CoreDNS calls "other"

    MetricsScrape scrape = runtime.scrape();
    Map<String, String> block =
        Map.of("server", runtime.server(), "zone", "cluster.local.", "view", "");
    Map<String, String> udpV4 = with(with(block, "proto", "udp"), "family", "1");
    assertThat(scrape.value("coredns_dns_requests_total", with(udpV4, "type", "A"))).isEqualTo(3);
    assertThat(scrape.value("coredns_dns_requests_total", with(udpV4, "type", "other")))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "coredns_dns_requests_total",
                with(with(with(block, "proto", "tcp"), "family", "1"), "type", "TXT")))
        .isEqualTo(1);
    assertThat(scrape.samples("coredns_dns_requests_total")).hasSize(3);

    Map<String, String> fromForward = with(block, "plugin", "forward");
    assertThat(scrape.value("coredns_dns_responses_total", with(fromForward, "rcode", "NOERROR")))
        .isEqualTo(3);
    assertThat(scrape.value("coredns_dns_responses_total", with(fromForward, "rcode", "NXDOMAIN")))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "coredns_dns_responses_total",
                with(with(block, "plugin", "cache"), "rcode", "NOERROR")))
        .isEqualTo(1);
    assertThat(scrape.samples("coredns_dns_do_requests_total")).as("no query had DO").isEmpty();

    Map<String, String> udp = with(block, "proto", "udp");
    Map<String, String> tcp = with(block, "proto", "tcp");
    assertThat(scrape.value("coredns_dns_request_size_bytes_count", udp)).isEqualTo(4);
    assertThat(scrape.value("coredns_dns_request_size_bytes_sum", udp))
        .isEqualTo(traffic.sent(false));
    assertThat(scrape.value("coredns_dns_request_size_bytes_sum", tcp))
        .isEqualTo(traffic.sent(true));
    assertThat(scrape.value("coredns_dns_response_size_bytes_count", tcp)).isEqualTo(1);
    assertThat(scrape.value("coredns_dns_response_size_bytes_sum", udp))
        .isEqualTo(traffic.received(false));
    assertThat(scrape.value("coredns_dns_response_size_bytes_sum", tcp))
        .isEqualTo(traffic.received(true));
    assertThat(scrape.type("coredns_dns_response_size_bytes")).contains("histogram");

    assertThat(scrape.value("coredns_dns_request_duration_seconds_count", block)).isEqualTo(5);
    assertThat(scrape.samples("coredns_dns_request_duration_seconds_bucket", block))
        .extracting(s -> s.labels().get("le"))
        .containsExactlyElementsOf(TIME_BUCKETS);
    assertThat(
            scrape.value("coredns_dns_request_duration_seconds_bucket", with(block, "le", "+Inf")))
        .isEqualTo(5);
  }

  @Test
  void dnssecOkQueriesAreCounted() throws Exception {
    start("cluster.local:0", "bind 127.0.0.1");
    Message query = DnsClient.newQuery(KNOWN, Type.A);
    query.removeAllRecords(Section.ADDITIONAL);
    query.addRecord(
        new OPTRecord(DnsClient.EDNS_UDP_SIZE, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
    DnsClient.udp(runtime.dns()).send(query);
    assertThat(
            runtime
                .scrape()
                .value(
                    "coredns_dns_do_requests_total",
                    Map.of("server", runtime.server(), "zone", "cluster.local.", "view", "")))
        .isEqualTo(1);
  }

  @Test
  void aTruncatedUdpAnswerCountsTheBytesTheClientGot() throws Exception {
    start("cluster.local:0", "bind 127.0.0.1");
    Traffic traffic = new Traffic(runtime.dns());
    Message answer = traffic.udp("big.cluster.local.", Type.A);
    assertThat(answer.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(
            runtime
                .scrape()
                .value(
                    "coredns_dns_response_size_bytes_sum",
                    Map.of(
                        "server",
                        runtime.server(),
                        "zone",
                        "cluster.local.",
                        "view",
                        "",
                        "proto",
                        "udp")))
        .isEqualTo(traffic.received(false));
  }

  @Test
  void theZoneIsTheBlocksLongestZoneThatContainsTheName() throws Exception {
    start("cluster.local:0 svc.cluster.local:0 example:0", "bind 127.0.0.1");
    DnsClient udp = DnsClient.udp(runtime.dns());
    udp.query(KNOWN, Type.A);
    udp.query("missing.cluster.local.", Type.A);
    udp.query("www.example.", Type.A);

    MetricsScrape scrape = runtime.scrape();
    Map<String, String> a =
        Map.of("server", runtime.server(), "view", "", "proto", "udp", "family", "1", "type", "A");
    assertThat(scrape.value("coredns_dns_requests_total", with(a, "zone", "svc.cluster.local.")))
        .isEqualTo(1);
    assertThat(scrape.value("coredns_dns_requests_total", with(a, "zone", "cluster.local.")))
        .isEqualTo(1);
    assertThat(scrape.value("coredns_dns_requests_total", with(a, "zone", "example.")))
        .isEqualTo(1);
  }

  @Test
  void aBlockOnEveryAddressIsLabelledWithItsPortOnly() throws Exception {
    start("cluster.local:0", "");
    InetSocketAddress loopback = FreePorts.loopback(runtime.dns().getPort());
    DnsClient.udp(loopback).query(KNOWN, Type.A);
    DnsClient.tcp(loopback).query(KNOWN, Type.A);

    MetricsScrape scrape = runtime.scrape();
    String server = "dns://:" + loopback.getPort();
    Map<String, String> labels =
        Map.of("server", server, "zone", "cluster.local.", "view", "", "family", "1", "type", "A");
    assertThat(scrape.value("coredns_dns_requests_total", with(labels, "proto", "udp")))
        .isEqualTo(1);
    assertThat(scrape.value("coredns_dns_requests_total", with(labels, "proto", "tcp")))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "coredns_cache_requests_total",
                Map.of("server", server, "zones", "cluster.local.", "view", "")))
        .isEqualTo(2);
  }

  /** Sends queries and keeps the bytes each way, per transport. */
  private static final class Traffic {
    private final InetSocketAddress server;
    private final long[] sent = new long[2];
    private final long[] received = new long[2];

    Traffic(InetSocketAddress server) {
      this.server = server;
    }

    Message udp(String name, int type) throws Exception {
      return send(DnsClient.udp(server), false, name, type);
    }

    Message tcp(String name, int type) throws Exception {
      return send(DnsClient.tcp(server), true, name, type);
    }

    double sent(boolean tcp) {
      return sent[tcp ? 1 : 0];
    }

    double received(boolean tcp) {
      return received[tcp ? 1 : 0];
    }

    private Message send(DnsClient client, boolean tcp, String name, int type) throws Exception {
      byte[] query = DnsClient.newQuery(name, type).toWire();
      byte[] answer = client.exchange(query);
      sent[tcp ? 1 : 0] += query.length;
      received[tcp ? 1 : 0] += answer.length;
      return new Message(answer);
    }
  }
}
