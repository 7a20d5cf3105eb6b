package io.nodelocaldns.modes.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.template.KubeDnsConfig.StubDomain;
import io.nodelocaldns.runtime.testing.LogCapture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KubeDnsConfigValidatorTest {
  private static final String PREFIX = "WARNING kube-dns ConfigMap: ";
  private static final List<String> GOOD = List.of("5.6.7.8");

  private final List<SetupErrors.Type> errors = new ArrayList<>();
  private final KubeDnsConfigValidator validator = new KubeDnsConfigValidator(errors::add);
  private LogCapture log;

  @BeforeEach
  void capture() {
    log = LogCapture.of(KubeDnsConfigValidator.class);
  }

  @AfterEach
  void release() {
    log.close();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        ".          | the root zone",
        "''         | empty",
        "..         | empty label",
        "a..b       | empty label",
        ".acme      | empty label",
        "acme.local.. | empty label",
        "a_b.local  | a label of other than letters, digits and inner hyphens",
        "-a.local   | a label of other than letters, digits and inner hyphens",
        "a-.local   | a label of other than letters, digits and inner hyphens",
        "acme.local:53 | a label of other than letters, digits and inner hyphens",
        "'acme.local {' | a label of other than letters, digits and inner hyphens",
        "*.acme.local | a label of other than letters, digits and inner hyphens",
        "bücher.de  | a label of other than letters, digits and inner hyphens",
        "\u212Aube.local | a label of other than letters, digits and inner hyphens",
      })
  void aDomainThatIsNotDns1123IsDroppedSayingWhy_andTheGoodOneNextToItSurvives(
      String domain, String why) {
    List<StubDomain> stubs = validator.stubDomains(ordered(domain, GOOD, "good.local", GOOD));

    assertThat(stubs).containsExactly(new StubDomain("good.local", "good.local", GOOD));
    assertThat(log.lines())
        .containsExactly(
            PREFIX
                + "stubDomains: dropped \""
                + domain
                + "\": not a DNS-1123 domain name ("
                + why
                + ")");
    assertThat(errors).containsExactly(SetupErrors.Type.CONFIGMAP);
  }

  @Test
  void labelsOver63AndNamesOver253CharactersAreDropped() {
    String label64 = "a".repeat(64) + ".local";
    String name254 = ("a".repeat(63) + ".").repeat(3) + "b".repeat(60) + ".c"; // 254 characters

    List<StubDomain> stubs =
        validator.stubDomains(ordered(label64, GOOD, name254, GOOD, "good.local", GOOD));

    assertThat(stubs).extracting(StubDomain::domain).containsExactly("good.local");
    assertThat(log.lines())
        .containsExactly(
            PREFIX
                + "stubDomains: dropped \""
                + label64
                + "\": not a DNS-1123 domain name (a label longer than 63 characters)",
            PREFIX
                + "stubDomains: dropped \""
                + name254
                + "\": not a DNS-1123 domain name (longer than 253 characters)");
    assertThat(errors).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme.local",
        "a",
        "10.in-addr.arpa",
        "xn--bcher-kva.de",
        "1.2.3.4",
        "sub.cluster.local"
      })
  void dns1123DomainsAreKept(String domain) {
    assertThat(validator.stubDomains(Map.of(domain, GOOD)))
        .containsExactly(new StubDomain(domain, domain, GOOD));
    assertThat(errors).isEmpty();
  }

  @Test
  void domainsAreLowerCasedAndLoseTheTrailingDot_theirLimitsAreReachable() {
    String label63 = "a".repeat(63) + ".local.";
    String name253 = ("a".repeat(63) + ".").repeat(3) + "b".repeat(61) + "."; // 253 and a dot

    assertThat(validator.stubDomains(ordered("Acme.LOCAL.", GOOD, label63, GOOD, name253, GOOD)))
        .extracting(StubDomain::domain, StubDomain::written)
        .containsExactlyInAnyOrder(
            tuple("acme.local", "Acme.LOCAL."),
            tuple(label63.substring(0, 69), label63),
            tuple(name253.substring(0, 253), name253));
    assertThat(errors).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "ffff                | not an IP literal, IP:PORT or [IPv6]:PORT",
        "a.b                 | not an IP literal, IP:PORT or [IPv6]:PORT",
        "1.2.3.4:99999       | the port is not 1 to 65535",
        ":0                  | not an IP literal, IP:PORT or [IPv6]:PORT",
        "999.1.1.1           | not an IP literal, IP:PORT or [IPv6]:PORT",
        "1.2.3.4:0           | the port is not 1 to 65535",
        "1.2.3.4:            | the port is not 1 to 65535",
        "[::1]:65536         | the port is not 1 to 65535",
        "1.2.3               | not an IP literal, IP:PORT or [IPv6]:PORT",
        "01.2.3.4            | not an IP literal, IP:PORT or [IPv6]:PORT",
        "''                  | not an IP literal, IP:PORT or [IPv6]:PORT",
        "' 1.2.3.4'          | not an IP literal, IP:PORT or [IPv6]:PORT",
        "'1.2.3.4 5.6.7.8'   | not an IP literal, IP:PORT or [IPv6]:PORT",
        "'1.2.3.4 }'         | not an IP literal, IP:PORT or [IPv6]:PORT",
        "[::1]               | not an IP literal, IP:PORT or [IPv6]:PORT",
        "fe80::1%eth0        | not an IP literal, IP:PORT or [IPv6]:PORT",
        "[fe80::1%1]:53      | not an IP literal, IP:PORT or [IPv6]:PORT",
        "[1.2.3.4]:53        | not an IP literal, IP:PORT or [IPv6]:PORT",
        "dns://1.2.3.4       | not an IP literal, IP:PORT or [IPv6]:PORT",
        "/etc/resolv.conf    | not an IP literal, IP:PORT or [IPv6]:PORT",
        "kube-dns.kube-system.svc.cluster.local | not an IP literal, IP:PORT or [IPv6]:PORT",
      })
  void aServerThatIsNotAnIpLiteralWithAPortIsDroppedSayingWhy_andTheGoodOneNextToItSurvives(
      String server, String why) {
    List<StubDomain> stubs =
        validator.stubDomains(Map.of("acme.local", List.of(server, "5.6.7.8")));
    List<String> upstream = validator.upstreamNameservers(List.of(server, "8.8.8.8"));

    assertThat(stubs).containsExactly(new StubDomain("acme.local", "acme.local", GOOD));
    assertThat(upstream).containsExactly("8.8.8.8");
    assertThat(log.lines())
        .containsExactly(
            PREFIX + "stubDomains: \"acme.local\": dropped server \"" + server + "\": " + why,
            PREFIX + "upstreamNameservers: dropped server \"" + server + "\": " + why);
    assertThat(errors).containsExactly(SetupErrors.Type.CONFIGMAP, SetupErrors.Type.CONFIGMAP);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3.4",
        "1.2.3.4:5353",
        "1.2.3.4:1",
        "1.2.3.4:65535",
        "2001:db8::1",
        "2001:db8::1:53",
        "[2001:db8::1]:5353",
        "::1",
        "[::1]:53",
        "::ffff:1.2.3.4",
        "0.0.0.0"
      })
  void ipv4AndIpv6ServersWithAndWithoutAPortAreKeptAsWritten(String server) {
    assertThat(validator.stubDomains(Map.of("acme.local", List.of(server))))
        .containsExactly(new StubDomain("acme.local", "acme.local", List.of(server)));
    assertThat(validator.upstreamNameservers(List.of(server))).containsExactly(server);
    assertThat(errors).isEmpty();
  }

  @Test
  void aStubDomainLeftWithoutAValidServerIsDropped() {
    List<StubDomain> stubs =
        validator.stubDomains(
            ordered("dead.local", List.of("ffff"), "empty.local", List.of(), "good.local", GOOD));

    assertThat(stubs).extracting(StubDomain::domain).containsExactly("good.local");
    assertThat(log.lines())
        .containsExactly(
            PREFIX
                + "stubDomains: \"dead.local\": dropped server \"ffff\": not an IP literal,"
                + " IP:PORT or [IPv6]:PORT",
            PREFIX + "stubDomains: dropped \"dead.local\": no valid server",
            PREFIX + "stubDomains: dropped \"empty.local\": no valid server");
    assertThat(errors).hasSize(3);
  }

  @Test
  void aDomainWrittenTwiceAfterNormalisationIsRefusedEveryTime() {
    List<StubDomain> stubs =
        validator.stubDomains(
            ordered("CLUSTER.LOCAL.", GOOD, "good.local", GOOD, "cluster.local", GOOD));

    assertThat(stubs).extracting(StubDomain::domain).containsExactly("good.local");
    assertThat(log.lines())
        .containsExactly(
            PREFIX
                + "stubDomains: dropped \"CLUSTER.LOCAL.\": cluster.local is written 2 times (case"
                + " and a trailing dot aside): which is meant is unclear",
            PREFIX
                + "stubDomains: dropped \"cluster.local\": cluster.local is written 2 times (case"
                + " and a trailing dot aside): which is meant is unclear");
    assertThat(errors).hasSize(2);
  }

  @Test
  void fiveHundredStubDomainsAreCutToTheFirstHundredWithOneLine() {
    Map<String, List<String>> many = new LinkedHashMap<>();
    IntStream.range(0, 500).forEach(i -> many.put("d%03d.local".formatted(i), GOOD));

    List<StubDomain> stubs = validator.stubDomains(many);

    assertThat(KubeDnsConfigValidator.MAX_STUB_DOMAINS).isEqualTo(100);
    assertThat(stubs)
        .extracting(StubDomain::domain)
        .containsExactlyElementsOf(many.keySet().stream().limit(100).toList());
    assertThat(log.lines())
        .containsExactly(
            PREFIX
                + "stubDomains: dropped the 400 entries from \"d100.local\" on: at most 100 stub"
                + " domains are served");
    assertThat(errors).containsExactly(SetupErrors.Type.CONFIGMAP);
  }

  @Test
  void aStubDomainKeepsItsFirstFifteenServers() {
    List<String> servers = IntStream.rangeClosed(1, 20).mapToObj(i -> "10.0.0." + i).toList();

    List<StubDomain> stubs = validator.stubDomains(Map.of("acme.local", servers));

    assertThat(stubs.get(0).servers()).containsExactlyElementsOf(servers.subList(0, 15));
    assertThat(log.lines())
        .containsExactly(
            PREFIX
                + "stubDomains: \"acme.local\": dropped the 5 servers from \"10.0.0.16\" on: at"
                + " most 15 servers are allowed (as in the forward plugin)");
    assertThat(errors).hasSize(1);
  }

  @Test
  void moreThanThreeUpstreamNameserversAreRefusedAsAWhole_asUpstreamRefusesThem() {
    List<String> four = List.of("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4");

    assertThatThrownBy(() -> validator.upstreamNameservers(four))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("upstreamNameservers: at most 3 entries are allowed (as in kube-dns), got 4");
    assertThat(validator.upstreamNameservers(four.subList(0, 3))).hasSize(3);
    assertThat(validator.upstreamNameservers(List.of())).isEmpty();
    assertThat(errors).as("the reader counts the refusal").isEmpty();
  }

  @Test
  void stubDomainsForZonesTheBaseServesAreDroppedAsWritten() {
    List<StubDomain> stubs =
        validator.stubDomains(
            ordered(
                "Cluster.Local.",
                GOOD,
                "in-addr.arpa",
                GOOD,
                "IP6.ARPA",
                GOOD,
                "acme.local",
                GOOD));
    errors.clear();

    List<StubDomain> unserved =
        validator.unserved(stubs, List.of("cluster.local.", "in-addr.arpa.", "ip6.arpa.", "."));

    assertThat(unserved).extracting(StubDomain::domain).containsExactly("acme.local");
    assertThat(log.lines())
        .containsExactly(
            PREFIX
                + "stubDomains: dropped \"Cluster.Local.\": the base Corefile serves"
                + " cluster.local itself",
            PREFIX
                + "stubDomains: dropped \"in-addr.arpa\": the base Corefile serves in-addr.arpa"
                + " itself",
            PREFIX + "stubDomains: dropped \"IP6.ARPA\": the base Corefile serves ip6.arpa itself");
    assertThat(errors).hasSize(3);
  }

  @Test
  void anEntryIsQuotedAsJsonSoItCannotForgeALogLine() {
    validator.stubDomains(Map.of("a\nINFO forged\"", GOOD));

    assertThat(log.lines())
        .containsExactly(
            PREFIX
                + "stubDomains: dropped \"a\\nINFO forged\\\"\": not a DNS-1123 domain name (a label"
                + " of other than letters, digits and inner hyphens)");
  }

  /** A map in the order given, as Jackson reads a JSON object. */
  private static Map<String, List<String>> ordered(Object... domainsAndServers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < domainsAndServers.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> servers = (List<String>) domainsAndServers[i + 1];
      map.put((String) domainsAndServers[i], servers);
    }
    return Collections.unmodifiableMap(map);
  }
}
