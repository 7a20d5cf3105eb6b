package io.nodelocaldns.installer.chart;

import static io.nodelocaldns.installer.chart.TestChart.KUBE_DNS_IP;
import static io.nodelocaldns.installer.chart.TestChart.LOCAL_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Corefile options the deliveryhero chart has (charts/README.md, "From the deliveryhero
 * chart"): what each renders, and that the default render has none of them.
 */
class CorefileOptionsTest {
  private static final String CLUSTER = "cluster.local:53";
  private static final List<String> GENERATED =
      List.of(CLUSTER, "in-addr.arpa:53", "ip6.arpa:53", ".:53", "consul:53");
  private static final String STUB = "stubZones[0].zone=consul";
  private static final String STUB_SERVER = "stubZones[0].servers[0]=10.0.2.10";

  @Test
  void defaultsAddNoneOfTheOptions() {
    String corefile = TestChart.render().corefile();

    assertThat(corefile)
        .doesNotContain("prefetch", "serve_stale", "prefer_udp", "template", "0.0.0.0");
  }

  @Test
  void prefetchGoesIntoEveryGeneratedCache() {
    Map<String, List<String>> blocks =
        blocks(TestChart.render("cache.prefetch.enabled=true", STUB, STUB_SERVER));

    assertThat(blocks.keySet()).containsExactlyElementsOf(GENERATED);
    // deliveryhero's defaults: 3 asks within 30s, refreshed with 20% of the TTL left
    assertThat(blocks.get(CLUSTER))
        .contains("cache { success 9984 30 denial 9984 5 prefetch 3 30s 20% }");
    assertThat(blocks.get(".:53")).contains("cache 30 { prefetch 3 30s 20% }");
    assertThat(blocks.get("consul:53")).contains("cache 30 { prefetch 3 30s 20% }");
  }

  @Test
  void prefetchTakesItsAmountDurationAndPercentage() {
    Rendered r =
        TestChart.render(
            "cache.prefetch.enabled=true",
            "cache.prefetch.amount=10",
            "cache.prefetch.duration=1m",
            "cache.prefetch.percentage=5%");

    assertThat(blocks(r).get("in-addr.arpa:53")).contains("cache 30 { prefetch 10 1m 5% }");
  }

  @Test
  void serveStaleGoesIntoEveryGeneratedCacheWithItsMode() {
    Map<String, List<String>> verify =
        blocks(TestChart.render("cache.serveStale.enabled=true", STUB, STUB_SERVER));
    Map<String, List<String>> immediate =
        blocks(
            TestChart.render(
                "cache.serveStale.enabled=true",
                "cache.serveStale.duration=30m",
                "cache.serveStale.mode=immediate"));

    assertThat(verify.values())
        .allSatisfy(
            directives ->
                assertThat(directives).anyMatch(d -> d.endsWith(" serve_stale 1h verify }")));
    assertThat(immediate.get(".:53")).contains("cache 30 { serve_stale 30m immediate }");
  }

  @Test
  void prefetchAndServeStaleTogether() {
    Rendered r = TestChart.render("cache.prefetch.enabled=true", "cache.serveStale.enabled=true");

    assertThat(blocks(r).get(".:53"))
        .contains("cache 30 { prefetch 3 30s 20% serve_stale 1h verify }");
  }

  @Test
  void preferUdpReplacesForceTcpForClusterNames() {
    Map<String, List<String>> blocks = blocks(TestChart.render("forceTCP=false", "preferUDP=true"));

    for (String zone : List.of(CLUSTER, "in-addr.arpa:53", "ip6.arpa:53")) {
      assertThat(blocks.get(zone)).contains("forward . __PILLAR__CLUSTER__DNS__ { prefer_udp }");
    }
    // external names keep forward's default: the client's protocol
    assertThat(blocks.get(".:53")).contains("forward . __PILLAR__UPSTREAM__SERVERS__");
  }

  @Test
  void noIpv6LookupsAnswersAaaaInEveryGeneratedBlock() {
    Map<String, List<String>> blocks =
        blocks(TestChart.render("noIPv6Lookups=true", STUB, STUB_SERVER));

    assertThat(blocks.keySet()).containsExactlyElementsOf(GENERATED);
    assertThat(blocks.values())
        .allSatisfy(
            directives -> assertThat(directives).contains("template IN AAAA { rcode NOERROR }"));
  }

  @Test
  void forwardOptionsAsLinesGoIntoTheExternalBlockOnly() {
    Rendered r =
        TestChart.render(
            "upstream.forwardOptions[0]=policy sequential",
            "upstream.forwardOptions[1]=max_concurrent 500");

    assertThat(blocks(r).get(".:53"))
        .contains(
            "forward . __PILLAR__UPSTREAM__SERVERS__ { policy sequential max_concurrent 500 }");
    assertThat(blocks(r).get(CLUSTER)).contains("forward . __PILLAR__CLUSTER__DNS__ { force_tcp }");
  }

  @Test
  void forwardOptionsAsAMapAreWrittenInKeyOrder() {
    Rendered r =
        TestChart.renderYaml(
            """
            profile: eks
            upstream:
              forwardOptions:
                policy: sequential
                max_fails: 3
                prefer_udp: true
                force_tcp: false
                except: [example.com, example.org]
            """);

    assertThat(blocks(r).get(".:53"))
        .contains(
            "forward . 169.254.169.253 { except example.com example.org max_fails 3 policy"
                + " sequential prefer_udp }");
  }

  @Test
  void bindAnyAddressBindsTheWildcardEverywhere() {
    assertThat(bindLines(TestChart.render("bindAnyAddress=true"))).containsOnly("bind 0.0.0.0");
    assertThat(bindLines(TestChart.render("bindAnyAddress=true", "mode=ipvs")))
        .containsOnly("bind 0.0.0.0");
    assertThat(
            bindLines(
                TestChart.render(
                    "bindAnyAddress=true", "localIP=fd00::a", "kubeDNS.ip=fd00:10:96::a")))
        .containsOnly("bind ::");
    // the agent still serves (and NOTRACKs) the two addresses
    assertThat(TestChart.render("bindAnyAddress=true").args())
        .containsSubsequence("-localip", LOCAL_IP + "," + KUBE_DNS_IP);
  }

  @Test
  void extraServerBlocksAreAppendedAsWritten() {
    String extra =
        """
        example.org:53 {
            errors
            bind __PILLAR__LOCAL__DNS__
            forward . 10.0.0.1
        }
        """;
    Rendered r =
        TestChart.renderYaml("extraServerBlocks: |\n" + extra.indent(2), STUB, STUB_SERVER);

    assertThat(blocks(r).keySet())
        .containsExactly(
            CLUSTER, "in-addr.arpa:53", "ip6.arpa:53", ".:53", "consul:53", "example.org:53");
    assertThat(r.corefile().strip()).endsWith(extra.strip());
  }

  @Test
  void customConfigReplacesTheGeneratedCorefileThroughTpl() {
    Rendered r =
        TestChart.renderYaml(
            """
            customConfig: |
              {{ .Values.clusterDomain }}:53 {
                  errors
                  cache 30
                  bind {{ .Values.localIP }} __PILLAR__DNS__SERVER__
                  forward . __PILLAR__CLUSTER__DNS__
                  health {{ .Values.localIP }}:8080
                  ready {{ .Values.localIP }}:8181
              }
            noIPv6Lookups: true
            cache:
              prefetch:
                enabled: true
            """);

    assertThat(r.corefile().strip())
        .isEqualTo(
            """
            cluster.local:53 {
                errors
                cache 30
                bind 169.254.20.10 __PILLAR__DNS__SERVER__
                forward . __PILLAR__CLUSTER__DNS__
                health 169.254.20.10:8080
                ready 169.254.20.10:8181
            }
            """
                .strip());
  }

  @Test
  void customConfigWithoutTheProbesEndpointsIsRefused() {
    assertThatThrownBy(
            () ->
                TestChart.renderYaml(
                    """
                    customConfig: |
                      .:53 {
                          forward . 1.1.1.1
                          health :8080
                      }
                    """))
        .hasMessageContaining("customConfig serves no health or no ready")
        .hasMessageContaining("`ready 169.254.20.10:8181`");
  }

  @Test
  void customConfigWithStubZonesOrExtraBlocksIsRefused() {
    String custom =
        """
        customConfig: |
          .:53 {
              health
              ready
          }
        """;
    for (String more : List.of("extraServerBlocks=x", STUB)) {
      String[] sets = more.equals(STUB) ? new String[] {STUB, STUB_SERVER} : new String[] {more};
      assertThatThrownBy(() -> TestChart.renderYaml(custom, sets))
          .as(more)
          .hasMessageContaining("customConfig is a whole Corefile");
    }
  }

  private static Map<String, List<String>> blocks(Rendered r) {
    return CorefileBlocks.of(r.corefile());
  }

  private static List<String> bindLines(Rendered r) {
    return blocks(r).values().stream()
        .flatMap(List::stream)
        .filter(d -> d.startsWith("bind "))
        .toList();
  }
}
