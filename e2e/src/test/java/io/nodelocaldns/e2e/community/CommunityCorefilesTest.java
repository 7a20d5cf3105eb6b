package io.nodelocaldns.e2e.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.config.Machine;
import io.nodelocaldns.runtime.config.Plugins;
import io.nodelocaldns.runtime.corefile.CorefileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The community's NodeLocal DNS Corefiles ({@link CommunityFixtures}; where each comes from is in
 * {@code src/test/resources/community/README.md}) against the runtime's parser: each loads, or is
 * refused with a message that names the file, the line, the directive and the alternative.
 *
 * <p>Two tables: {@link #FIXTURES}, every fixture as a whole (the first problem stops a parse), and
 * {@link #inventory()}, every directive, option and server-block key found in them (or in the
 * templates' optional branches) on its own, so that one table says what the runtime supports and
 * what remains. A fixture added without a row here fails {@link #everyFixtureHasAnExpectation()}.
 */
class CommunityCorefilesTest {
  /**
   * What the agent puts in for the placeholders a fixture leaves: the node-local IP, the upstream
   * Service's ClusterIP, the node's resolvers. {@code __PILLAR__DNS__SERVER__} is left only by the
   * IPVS instructions' {@code sed}, in {@code bind}, and node-cache empties it there.
   */
  static final Map<String, String> PLACEHOLDERS =
      Map.of(
          "__PILLAR__LOCAL__DNS__", "169.254.20.10",
          "__PILLAR__DNS__SERVER__", "",
          "__PILLAR__CLUSTER__DNS__", "10.96.0.11",
          "__PILLAR__UPSTREAM__SERVERS__", "192.0.2.53");

  /** What the parse of a Corefile must end in. */
  sealed interface Outcome {}

  /** It loads. */
  record Loads() implements Outcome {}

  /**
   * It is refused at {@code line}, the message naming {@code directive} (null: none, e.g. a server
   * block key) and containing {@code alternative}: what to write instead, or what is supported.
   */
  record Refused(int line, String directive, String alternative) implements Outcome {}

  static final Outcome LOADS = new Loads();

  static Outcome refused(int line, String directive, String alternative) {
    return new Refused(line, directive, alternative);
  }

  /** Every fixture, as a whole. */
  static final Map<String, Outcome> FIXTURES = new LinkedHashMap<>();

  static {
    for (String values :
        List.of(
            "bind-ip",
            "custom-config",
            "defaults",
            "enable-logging",
            "extra-server-blocks",
            "no-ipv6-lookups",
            "prefetch-serve-stale")) {
      FIXTURES.put("deliveryhero/" + values + "/Corefile.base", LOADS);
    }
    FIXTURES.put("kubernetes/iptables/Corefile.base", LOADS);
    FIXTURES.put("kubernetes/ipvs/Corefile.base", LOADS);
    FIXTURES.put("gke/Corefile.base", LOADS);
    FIXTURES.put("gke/Corefile", LOADS);
    FIXTURES.put("kubespray/defaults/Corefile", LOADS);
    FIXTURES.put(
        "kubespray/options/Corefile", refused(10, "hosts", "answer fixed names with template"));
    FIXTURES.put("lablabs/defaults/Corefile.base", LOADS);
    FIXTURES.put("lablabs/terraform-aws-eks/Corefile.base", LOADS);
    FIXTURES.put("aks/localdns/Corefile", refused(7, "whoami", "ask CoreDNS's whoami"));
  }

  @Test
  void everyFixtureHasAnExpectation() {
    assertThat(FIXTURES.keySet())
        .containsExactlyInAnyOrderElementsOf(CommunityFixtures.corefiles());
  }

  static Stream<Arguments> fixtures() {
    return FIXTURES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("fixtures")
  void eachFixtureLoadsOrIsRefusedNamingTheAlternative(String fixture, Outcome outcome) {
    assertOutcome(fixture, CommunityFixtures.read(fixture), outcome);
  }

  /**
   * The inventory: each directive, option and key as the fixtures write it, in a block of its own
   * ({@code .:53 { forward . 192.0.2.53; LINE }} unless the row is a whole Corefile), with where it
   * is found and what the runtime does with it.
   */
  static Stream<Arguments> inventory() {
    return Stream.of(
        // server block keys
        whole("all", "zone:53 keys", block("cluster.local:53") + block(".:53"), LOADS),
        whole("kubespray", "a key without a port", block("mydomain.tld"), LOADS),
        whole(
            "kubespray (external zones)",
            "several keys, one on another port",
            block("example.com example.io:1053"),
            LOADS),
        whole(
            "kubespray (old_dns_domains)",
            "several zones, the port on the last",
            block("cluster.local example1.com example2.com:53"),
            LOADS),
        whole(
            "kubespray (external zones)",
            "a DNS-over-HTTPS key",
            block("https://mycompany.local:4453"),
            refused(1, null, "expected [dns://]ZONE[:PORT]")),
        whole(
            "aks",
            "one zone and port twice, bound to different addresses",
            block(".:53", "bind 169.254.10.10") + block(".:53", "bind 169.254.10.11"),
            LOADS),
        whole(
            "deliveryhero (extraServerBlocks)",
            "a second block on 0.0.0.0",
            block(".:53", "bind 0.0.0.0") + block("consul:53", "bind 0.0.0.0"),
            LOADS),
        // bind
        row("kubernetes, deliveryhero (bindIp)", "bind IP IP", "bind 169.254.20.10 10.96.0.10"),
        row("deliveryhero, aks", "bind 0.0.0.0", "bind 0.0.0.0"),
        // errors, log
        row("all", "errors", "errors"),
        row("deliveryhero (enableLogging), kubespray, aks", "log", "log"),
        row(
            "lablabs",
            "log . combined { class all }",
            "log . combined {\n        class all\n    }"),
        row(
            "lablabs (terraform-aws-eks)",
            "log . combined { class error }",
            "log . combined {\n        class error\n    }"),
        // cache
        row("all", "cache TTL", "cache 30"),
        row("lablabs", "cache TTL { } (empty)", "cache 30 {\n    }"),
        row(
            "kubernetes, deliveryhero, kubespray",
            "cache { success CAP TTL; denial CAP TTL }",
            "cache {\n        success 9984 30\n        denial 9984 5\n    }"),
        row(
            "deliveryhero (prefetch, serveStale)",
            "prefetch AMOUNT DURATION PCT%, serve_stale DURATION verify",
            "cache 30 {\n        prefetch 3 30s 20%\n        serve_stale 1h verify\n    }"),
        row(
            "aks",
            "success CAP, denial CAP, serve_stale DURATION immediate, servfail 0",
            "cache 3600 {\n        success 9984\n        denial 9984\n"
                + "        serve_stale 3600s immediate\n        servfail 0\n    }"),
        row(
            "lablabs (terraform-aws-eks: 'disable negative caching')",
            "denial 0 TTL",
            "cache 30 {\n        denial 0  1\n    }"),
        // reload, loop
        row("all", "reload", "reload"),
        row("all", "loop", "loop"),
        // forward
        row(
            "kubernetes, deliveryhero, kubespray",
            "forward . IP { force_tcp }",
            "forward . 10.96.0.11 {\n        force_tcp\n    }"),
        row(
            "deliveryhero (commProtocol), aks",
            "forward . IP { prefer_udp }",
            "forward . 10.96.0.11 {\n        prefer_udp\n    }"),
        row("deliveryhero, lablabs", "forward . IP { } (empty)", "forward . 10.96.0.11 {\n    }"),
        row("kubespray, gke", "forward . IP IP", "forward . 8.8.8.8 8.8.4.4"),
        whole(
            "aks, kubespray (dns_upstream_forward_extra_opts)",
            "policy sequential|round_robin|random, max_concurrent N",
            block(
                    ".:53",
                    "forward . 10.0.0.10 {\n        policy sequential\n        max_concurrent 1000\n    }")
                + block(
                    "example.org:53", "forward . 10.0.0.10 {\n        policy round_robin\n    }")
                + block("example.net:53", "forward . 10.0.0.10 {\n        policy random\n    }"),
            LOADS),
        row(
            "lablabs (values)",
            "max_fails, expire, health_check, except",
            "forward . 10.0.0.10 {\n        max_fails 10\n        expire 10s\n"
                + "        health_check 10s\n        except example.org\n    }"),
        row(
            "aks (template's health_check)",
            "health_check DURATION no_rec domain NAME",
            "forward . 10.0.0.10 {\n        health_check 5s no_rec domain example.org\n    }"),
        row(
            "aks (template's failfast knob)",
            "failfast_all_unhealthy_upstreams",
            "forward . 10.0.0.10 {\n        failfast_all_unhealthy_upstreams\n    }",
            refused(3, "forward", "all upstreams are always tried")),
        // prometheus, health, ready
        row("all", "prometheus :PORT", "prometheus :9253"),
        whole(
            "all",
            "the same prometheus address in several blocks",
            block(".:53", "prometheus :9253") + block("in-addr.arpa:53", "prometheus :9253"),
            LOADS),
        row(
            "kubespray (nodelocaldns_bind_metrics_host_ip)",
            "prometheus {$ENV}:PORT",
            "prometheus {$MY_HOST_IP}:9253"),
        row("deliveryhero", "health :PORT", "health :8080"),
        row("kubernetes, kubespray, lablabs", "health IP:PORT", "health 169.254.20.10:8080"),
        whole(
            "lablabs",
            "the same health address in several blocks",
            block(".:53", "health 169.254.20.11:8080")
                + block("in-addr.arpa:53", "health 169.254.20.11:8080"),
            LOADS),
        whole(
            "aks",
            "ready IP:PORT, the same in several blocks",
            block(".:53", "ready 169.254.10.10:8181")
                + block("example.org:53", "ready 169.254.10.10:8181"),
            LOADS),
        // template
        row(
            "deliveryhero (noIPv6Lookups), lablabs (template values)",
            "template IN AAAA { rcode NOERROR }",
            "template IN AAAA {\n        rcode NOERROR\n    }"),
        row(
            "aks",
            "template ANY ANY ZONE { match REGEX; rcode NXDOMAIN; fallthrough }",
            "template ANY ANY internal.cloudapp.net {\n"
                + "        match \"^(?:[^.]+\\.){4,}internal\\.cloudapp\\.net\\.$\"\n"
                + "        rcode NXDOMAIN\n        fallthrough\n    }"),
        // directives the runtime does not have
        row("aks", "whoami", "whoami", refused(3, "whoami", "ask CoreDNS's whoami")),
        row(
            "aks",
            "nsid",
            "nsid localdns",
            refused(3, "nsid", "remove it: it does not change the answers")),
        row(
            "kubespray (dns_etchosts), aks, lablabs (hosts values)",
            "hosts [FILE] { ENTRIES; ttl; reload; fallthrough }",
            "hosts /etc/localdns/hosts {\n        ttl 5\n        reload 5s\n        fallthrough\n    }",
            refused(3, "hosts", "answer fixed names with template")),
        row(
            "kubespray (external zones)",
            "rewrite name FROM TO",
            "rewrite name website.tld website.namespace.svc.cluster.local",
            refused(3, "rewrite", "rewrite in CoreDNS")),
        row(
            "kubespray (nodelocaldns_additional_configs example)",
            "local",
            "local",
            refused(3, "local", "answer localhost names with template")),
        row(
            "lablabs (debug: true)",
            "debug",
            "debug",
            refused(3, "debug", "remove it: it does not change the answers")));
  }

  @ParameterizedTest(name = "{1} ({0}): {3}")
  @MethodSource("inventory")
  void eachDirectiveOptionAndKeyLoadsOrIsRefusedNamingTheAlternative(
      String foundIn, String what, String corefile, Outcome outcome) {
    assertOutcome("inventory: " + what, corefile, outcome);
  }

  /** A row of {@code lines} in a block of their own ({@link #inBlock}) that loads. */
  private static Arguments row(String foundIn, String what, String lines) {
    return row(foundIn, what, lines, LOADS);
  }

  private static Arguments row(String foundIn, String what, String lines, Outcome outcome) {
    return whole(foundIn, what, inBlock(lines), outcome);
  }

  private static Arguments whole(String foundIn, String what, String corefile, Outcome outcome) {
    return Arguments.of(foundIn, what, corefile, outcome);
  }

  /**
   * {@code .:53 { forward . 192.0.2.53; LINES }}, LINES on line 3; without the forward line when
   * LINES are a forward (then on line 2).
   */
  static String inBlock(String lines) {
    return lines.startsWith("forward")
        ? block(".:53", lines)
        : block(".:53", "forward . 192.0.2.53", lines);
  }

  /**
   * A server block: {@code KEYS {}, each line indented, {@code }}; a forward when none is given.
   */
  static String block(String keys, String... lines) {
    StringBuilder b = new StringBuilder(keys).append(" {\n");
    if (lines.length == 0) {
      b.append("    forward . 192.0.2.53\n");
    }
    for (String line : lines) {
      b.append("    ").append(line).append('\n');
    }
    return b.append("}\n").toString();
  }

  /** As on kubespray's nodes, where the pod's environment has the node's IP. */
  private static final Machine NODE = Machine.withEnvironment(Map.of("MY_HOST_IP", "10.0.0.7"));

  private static void parse(String source, String text) {
    CorefileParser.parse(source, text, PLACEHOLDERS, Plugins.STANDARD, NODE);
  }

  private static void assertOutcome(String source, String text, Outcome outcome) {
    switch (outcome) {
      case Loads loads ->
          assertThatCode(() -> parse(source, text))
              .as("%s loads", source)
              .doesNotThrowAnyException();
      case Refused refused -> {
        CorefileException e =
            catchThrowableOfType(CorefileException.class, () -> parse(source, text));
        assertThat(e).as("%s is refused", source).isNotNull();
        assertThat(e.location().line())
            .as("the line of: %s", e.getMessage())
            .isEqualTo(refused.line());
        assertThat(e.getMessage())
            .startsWith(source + ":" + refused.line() + ": ")
            .contains(refused.alternative());
        if (refused.directive() != null) {
          assertThat(e.getMessage()).contains(refused.directive());
        }
      }
    }
  }
}
