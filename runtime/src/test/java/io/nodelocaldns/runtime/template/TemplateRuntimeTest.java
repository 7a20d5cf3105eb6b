package io.nodelocaldns.runtime.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.DnsRuntime;
import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The whole runtime with a community chart's {@code noIPv6Lookups} block: {@code cache}, {@code
 * forward} to a real upstream (unbound, which has AAAA records too) and {@code template IN AAAA {
 * rcode NOERROR }}, on 127.0.0.1.
 */
class TemplateRuntimeTest {
  private static final int BIG_RECORDS = 60;

  private static UnboundServer upstream;
  private DnsRuntime runtime;

  @BeforeAll
  static void startUpstream() {
    UnboundServer.assumeInstalled();
    upstream =
        UnboundServer.builder()
            .localZone("cluster.local.")
            .localZone("example.")
            .localData("kubernetes.default.svc.cluster.local. 300 IN A 10.96.0.1")
            .localData("kubernetes.default.svc.cluster.local. 300 IN AAAA fd00::1")
            .localData("www.example. 120 IN A 192.0.2.10")
            .localData("www.example. 120 IN AAAA 2001:db8::10")
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

  private InetSocketAddress start(String corefile) {
    runtime =
        DnsRuntime.start(
            CorefileParser.parse("Corefile", corefile, Map.of()), RuntimeOptions.defaults());
    return runtime.addresses().get(0).socketAddress();
  }

  private static String upstreamAddress() {
    return upstream.address().getAddress().getHostAddress() + ":" + upstream.port();
  }

  @Test
  void aaaaIsAnsweredEmptyWithoutAskingTheUpstreamWhileAIsForwarded() throws Exception {
    InetSocketAddress dns =
        start(
            """
            cluster.local:0 {
                bind 127.0.0.1
                errors
                cache {
                    success 9984 30
                    denial 9984 5
                }
                forward . %s {
                    force_tcp
                }
                prometheus 127.0.0.1:0
                template IN AAAA {
                    rcode NOERROR
                }
            }
            """
                .formatted(upstreamAddress()));
    upstream.resetStatistics();

    Message aaaa = DnsClient.udp(dns).query("kubernetes.default.svc.cluster.local.", Type.AAAA);
    Message aaaaTcp = DnsClient.tcp(dns).query("Kubernetes.Default.svc.cluster.local.", Type.AAAA);
    Message a = DnsClient.udp(dns).query("kubernetes.default.svc.cluster.local.", Type.A);

    assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(aaaa.getSection(Section.ANSWER)).as("NODATA").isEmpty();
    assertThat(aaaa.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(aaaa.getOPT()).isNotNull();
    assertThat(aaaaTcp.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(aaaaTcp.getSection(Section.ANSWER)).isEmpty();
    assertThat(aaaaTcp.getQuestion().getName().toString())
        .isEqualTo("Kubernetes.Default.svc.cluster.local.");
    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getSection(Section.ANSWER))
        .singleElement()
        .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("10.96.0.1"));
    Map<String, Long> stats = upstream.stats();
    assertThat(stats.getOrDefault("num.query.type.AAAA", 0L)).as("no AAAA reached it").isZero();
    assertThat(stats.getOrDefault("num.query.type.A", 0L)).isEqualTo(1);

    var registry = runtime.meterRegistry().orElseThrow();
    assertThat(
            registry
                .get(TemplateMetrics.MATCHES)
                .tags("zone", "cluster.local.", "class", "IN", "type", "AAAA")
                .counter()
                .count())
        .as("the second AAAA is a cache hit: the cache keeps the template's answer")
        .isEqualTo(1);
    assertThat(registry.get("coredns.dns.responses").tag("plugin", "template").counter().count())
        .isEqualTo(1);
  }

  @Test
  void theRootZoneFormServesEveryBlockZoneAndOtherTypesStillReachTheUpstream() throws Exception {
    InetSocketAddress dns =
        start(
            """
            .:0 {
                bind 127.0.0.1
                cache 30
                forward . %s
                template IN AAAA . {
                    rcode NOERROR
                }
            }
            """
                .formatted(upstreamAddress()));
    upstream.resetStatistics();

    Message aaaa = DnsClient.udp(dns).query("www.example.", Type.AAAA);
    Message a = DnsClient.udp(dns).query("www.example.", Type.A);
    Message nx = DnsClient.udp(dns).query("nothing.example.", Type.A);

    assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
    assertThat(a.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.10");
    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(upstream.stats().getOrDefault("num.query.type.AAAA", 0L)).isZero();
  }

  @Test
  void aTemplatedAnswerTooLargeForUdpIsTruncatedAndWholeOverTcp() throws Exception {
    String records =
        IntStream.range(0, BIG_RECORDS)
            .mapToObj(
                i ->
                    "\"{{ .Name }} 60 IN TXT \\\"record %02d of a long answer for TCP\\\"\""
                        .formatted(i))
            .collect(Collectors.joining(" "));
    InetSocketAddress dns =
        start(
            """
            .:0 {
                bind 127.0.0.1
                template IN TXT big.example {
                    answer %s
                }
            }
            """
                .formatted(records));

    Message udp = DnsClient.udp(dns).query("big.example.", Type.TXT);
    Message tcp = DnsClient.tcp(dns).query("big.example.", Type.TXT);

    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(udp.getSection(Section.ANSWER)).isEmpty();
    assertThat(udp.getOPT()).isNotNull();
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(BIG_RECORDS);
    assertThat(tcp.getSection(Section.ANSWER).get(7).rdataToString())
        .isEqualTo("\"record 07 of a long answer for TCP\"");
  }
}
