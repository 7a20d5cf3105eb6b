package io.nodelocaldns.modes.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.testing.LogCapture;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorefileTemplaterTest {
  /**
   * The upstream manifest's Corefile, as its instructions' sed leaves it (IPVS variant keeps the
   * token).
   */
  static final String MANIFEST =
      """
      cluster.local:53 {
          errors
          cache {
                  success 9984 30
                  denial 9984 5
          }
          reload
          loop
          bind 169.254.20.10 __PILLAR__DNS__SERVER__
          forward . __PILLAR__CLUSTER__DNS__ {
                  force_tcp
          }
          prometheus :9253
          health 169.254.20.10:8080
          }
      .:53 {
          errors
          cache 30
          reload
          loop
          bind 169.254.20.10 __PILLAR__DNS__SERVER__
          forward . __PILLAR__UPSTREAM__SERVERS__
          prometheus :9253
          }
      """;

  /** The upstream manifest's reverse zones, which go to kube-dns. */
  static final String REVERSE_ZONES =
      """
      in-addr.arpa:53 {
          errors
          cache 30
          bind 169.254.20.10 __PILLAR__DNS__SERVER__
          forward . __PILLAR__CLUSTER__DNS__ {
                  force_tcp
          }
      }
      ip6.arpa:53 {
          errors
          cache 30
          bind 169.254.20.10 __PILLAR__DNS__SERVER__
          forward . __PILLAR__CLUSTER__DNS__ {
                  force_tcp
          }
      }
      """;

  private static final String ENV = "KUBE_DNS_UPSTREAM_SERVICE_HOST";
  private static final InetAddress NODE_1 = Addresses.ip("10.0.0.2").orElseThrow();
  private static final InetAddress NODE_2 = Addresses.ip("10.0.0.3").orElseThrow();

  @TempDir Path dir;
  private Path base;
  private Path cm;
  private final List<SetupErrors.Type> errors = new ArrayList<>();
  private final List<List<InetAddress>> profileAsked = new ArrayList<>();

  @BeforeEach
  void files() throws Exception {
    base = Files.writeString(dir.resolve("Corefile.base"), MANIFEST);
    cm = Files.createDirectories(dir.resolve("kube-dns"));
  }

  private CorefileTemplater templater(List<InetAddress> listen, Map<String, String> env)
      throws Exception {
    return templater(new LocalIps(List.of(ip("169.254.20.10"), ip("10.96.0.10"))), listen, env);
  }

  private CorefileTemplater templater(
      LocalIps localIps, List<InetAddress> listen, Map<String, String> env) throws Exception {
    return new CorefileTemplater(
        base,
        new KubeDnsConfigReader(cm, errors::add),
        new TemplateValues(
            localIps,
            listen,
            ENV,
            env,
            () -> {
              List<InetAddress> node = List.of(NODE_1, NODE_2);
              profileAsked.add(node);
              return node;
            }));
  }

  private CorefileTemplater iptables() throws Exception {
    return templater(List.of(ip("169.254.20.10"), ip("10.96.0.10")), Map.of(ENV, "10.96.0.11"));
  }

  private CorefileTemplater ipvs() throws Exception {
    return templater(List.of(ip("169.254.20.10")), Map.of(ENV, "10.96.0.11"));
  }

  @Test
  void iptablesModeFillsEveryPlaceholder() throws Exception {
    String corefile = iptables().render();

    assertThat(corefile)
        .contains("bind 169.254.20.10 10.96.0.10\n")
        .contains("forward . 10.96.0.11 {")
        .contains("forward . 10.0.0.2 10.0.0.3\n")
        .doesNotContain("__PILLAR__");
    assertThat(profileAsked).hasSize(1);
  }

  @Test
  void localDnsIsTheNodeLocalIp() throws Exception {
    Files.writeString(base, ".:53 {\n    bind __PILLAR__LOCAL__DNS__\n    forward . 10.0.0.1\n}\n");

    assertThat(iptables().render()).contains("bind 169.254.20.10\n");
  }

  /** The upstream manifest's Corefile with only {@code __PILLAR__DNS__DOMAIN__} substituted. */
  static final String MANIFEST_PILLARS_LEFT =
      MANIFEST
          .replace("bind 169.254.20.10", "bind __PILLAR__LOCAL__DNS__")
          .replace("health 169.254.20.10:8080", "health __PILLAR__LOCAL__DNS__:8080");

  private static final List<InetAddress> DUAL_STACK =
      List.of(ip("169.254.20.10"), ip("10.96.0.10"), ip("fd00::10"), ip("fd00:10:96::a"));

  @Test
  void dualStackIptablesFillsBindWithEveryAddressAndHealthWithTheFirst() throws Exception {
    Files.writeString(base, MANIFEST_PILLARS_LEFT);
    String corefile =
        templater(new LocalIps(DUAL_STACK), DUAL_STACK, Map.of(ENV, "10.96.0.11")).render();

    assertThat(corefile.lines().filter(line -> line.strip().startsWith("bind")))
        .containsOnly("    bind 169.254.20.10 fd00::10 10.96.0.10 fd00:10:96::a");
    assertThat(corefile).contains("    health 169.254.20.10:8080\n").doesNotContain("__PILLAR__");
    assertThat(CorefileParser.parse("Corefile", corefile, Map.of()).servers()).hasSize(2);
  }

  @Test
  void dualStackIpvsBindsTheNodeLocalAddressesOnly() throws Exception {
    Files.writeString(base, MANIFEST_PILLARS_LEFT);
    List<InetAddress> nodeLocal = List.of(ip("169.254.20.10"), ip("fd00::10"));
    String corefile =
        templater(new LocalIps(nodeLocal), nodeLocal, Map.of(ENV, "10.96.0.11")).render();

    assertThat(corefile.lines().filter(line -> line.strip().startsWith("bind")))
        .containsOnly("    bind 169.254.20.10 fd00::10");
  }

  @Test
  void onAnIpv6OnlyNodeHealthGetsTheAddressInBrackets() throws Exception {
    Files.writeString(
        base,
        MANIFEST_PILLARS_LEFT
            + "extra.local:53 {\n    bind __PILLAR__LOCAL__DNS__\n"
            + "    ready [__PILLAR__LOCAL__DNS__]:8181\n    forward . 10.0.0.1\n}\n");
    List<InetAddress> v6 = List.of(ip("fd00::10"), ip("fd00:10:96::a"));
    String corefile = templater(new LocalIps(v6), v6, Map.of(ENV, "fd00:10:96::b")).render();

    assertThat(corefile)
        .contains("    bind fd00::10 fd00:10:96::a\n")
        .contains("    health [fd00::10]:8080\n")
        .as("the Kubernetes docs' IPv6 advice brackets the pillar already")
        .contains("    ready [fd00::10]:8181\n");
    assertThat(CorefileParser.parse("Corefile", corefile, Map.of()).servers()).hasSize(3);
  }

  @Test
  void ipvsModeDropsTheUnboundClusterIpFromBindAndSaysSoOnce() throws Exception {
    CorefileTemplater templater = ipvs();
    try (LogCapture log = LogCapture.of(CorefileTemplater.class)) {
      String first = templater.render();
      String second = templater.render();

      assertThat(first).isEqualTo(second).doesNotContain("__PILLAR__DNS__SERVER__");
      assertThat(first.lines().filter(line -> line.strip().startsWith("bind")))
          .containsOnly("    bind 169.254.20.10");
      assertThat(log.lines())
          .filteredOn(line -> line.contains("__PILLAR__DNS__SERVER__"))
          .hasSize(1);
    }
  }

  @Test
  void ipvsModeAlsoDropsALiteralClusterIpOfLocalIpFromBind_andSaysSoOnce() throws Exception {
    // the iptables instructions' sed: what --mode auto meets on an IPVS node
    Files.writeString(base, MANIFEST.replace("__PILLAR__DNS__SERVER__", "10.96.0.10"));
    CorefileTemplater templater = ipvs();
    try (LogCapture log = LogCapture.of(CorefileTemplater.class)) {
      String first = templater.render();
      templater.render();

      assertThat(first.lines().filter(line -> line.strip().startsWith("bind")))
          .containsOnly("    bind 169.254.20.10");
      assertThat(log.lines()).filteredOn(line -> line.contains("10.96.0.10")).hasSize(1);
    }
  }

  @Test
  void iptablesModeKeepsALiteralClusterIpInBind() throws Exception {
    Files.writeString(base, MANIFEST.replace("__PILLAR__DNS__SERVER__", "10.96.0.10"));

    assertThat(iptables().render()).contains("bind 169.254.20.10 10.96.0.10\n");
  }

  @Test
  void aMissingServiceEnvVarIsNamed() throws Exception {
    CorefileTemplater templater = templater(List.of(ip("169.254.20.10")), Map.of());

    assertThatThrownBy(templater::render)
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("KUBE_DNS_UPSTREAM_SERVICE_HOST")
        .hasMessageContaining("__PILLAR__CLUSTER__DNS__");
  }

  @Test
  void theEnvVarIsOnlyNeededWhenThePlaceholderIsUsed() throws Exception {
    Files.writeString(base, ".:53 {\n    forward . 10.0.0.1\n}\n");

    assertThat(templater(List.of(), Map.of()).render())
        .isEqualTo(".:53 {\n    forward . 10.0.0.1\n}\n");
    assertThat(profileAsked).isEmpty();
  }

  @Test
  void stubDomainsBecomeServerBlocksBindingAndReportingAsTheRootBlock() throws Exception {
    Files.writeString(
        cm.resolve("stubDomains"),
        """
        {"acme.local": ["1.2.3.4"], "corp.example": ["10.1.0.1", "10.1.0.2:5353"]}
        """);

    String corefile = iptables().render();

    assertThat(corefile)
        .startsWith(
            MANIFEST
                .replace("__PILLAR__DNS__SERVER__", "10.96.0.10")
                .replace("__PILLAR__CLUSTER__DNS__", "10.96.0.11")
                .replace("__PILLAR__UPSTREAM__SERVERS__", "10.0.0.2 10.0.0.3"));
    assertThat(corefile)
        .endsWith(
            """

        acme.local:53 {
            errors
            cache 30
            reload
            loop
            bind 169.254.20.10 10.96.0.10
            forward . 1.2.3.4
            prometheus :9253
        }

        corp.example:53 {
            errors
            cache 30
            reload
            loop
            bind 169.254.20.10 10.96.0.10
            forward . 10.1.0.1 10.1.0.2:5353
            prometheus :9253
        }
        """);
    assertThat(errors).isEmpty();
  }

  @Test
  void upstreamNameserversReplaceTheNodesResolvers() throws Exception {
    Files.writeString(cm.resolve("upstreamNameservers"), "[\"8.8.8.8\", \"8.8.4.4\"]");

    assertThat(iptables().render()).contains("forward . 8.8.8.8 8.8.4.4\n");
    assertThat(profileAsked).isEmpty();
  }

  @Test
  void customUpstreamNameserversAreAskedOverUdpAndTheLinesStay() throws Exception {
    Files.writeString(
        base,
        """
        .:53 {
            forward . __PILLAR__UPSTREAM__SERVERS__ {
                    force_tcp
            }
            cache 30
        }
        """);
    Files.writeString(cm.resolve("upstreamNameservers"), "[\"8.8.8.8\"]");

    assertThat(iptables().render())
        .isEqualTo(".:53 {\n    forward . 8.8.8.8\n\n\n    cache 30\n}\n");
  }

  @Test
  void malformedJsonKeepsThePreviousConfigAndCountsAConfigmapError() throws Exception {
    Files.writeString(cm.resolve("upstreamNameservers"), "[\"8.8.8.8\"]");
    CorefileTemplater templater = iptables();
    assertThat(templater.render()).contains("forward . 8.8.8.8\n");

    Files.writeString(cm.resolve("upstreamNameservers"), "[\"8.8.4.4\"");
    assertThat(templater.render()).contains("forward . 8.8.8.8\n");
    Files.writeString(cm.resolve("stubDomains"), "{\"acme.local\": \"1.2.3.4\"}");
    assertThat(templater.render()).contains("forward . 8.8.8.8\n").doesNotContain("acme.local");

    assertThat(errors).containsExactly(SetupErrors.Type.CONFIGMAP, SetupErrors.Type.CONFIGMAP);
  }

  @Test
  void aBadEntryIsDroppedAndTheRestOfItsFileIsServed() throws Exception {
    Files.writeString(
        cm.resolve("stubDomains"),
        "{\"a..b\": [\"1.2.3.4\"], \"acme.local\": [\"999.1.1.1\", \"1.2.3.4\"]}");
    Files.writeString(cm.resolve("upstreamNameservers"), "[\"ffff\", \"8.8.8.8\"]");

    String corefile = iptables().render();

    assertThat(corefile)
        .contains("forward . 8.8.8.8\n")
        .contains("\nacme.local:53 {")
        .contains("forward . 1.2.3.4\n")
        .doesNotContain("a..b")
        .doesNotContain("999.1.1.1")
        .doesNotContain("ffff");
    assertThat(errors).hasSize(3).containsOnly(SetupErrors.Type.CONFIGMAP);
  }

  @Test
  void stubDomainsForZonesTheBaseServesAreDropped_caseAndTrailingDotAside() throws Exception {
    Files.writeString(base, MANIFEST + REVERSE_ZONES);
    Files.writeString(
        cm.resolve("stubDomains"),
        """
        {"Cluster.Local.": ["1.2.3.4"], "in-addr.arpa.": ["1.2.3.4"], "IP6.ARPA": ["1.2.3.4"],
         "10.in-addr.arpa": ["1.2.3.4"]}
        """);

    try (LogCapture log = LogCapture.of(KubeDnsConfigValidator.class)) {
      String corefile = iptables().render();

      assertThat(corefile).endsWith("forward . 1.2.3.4\n    prometheus :9253\n}\n");
      assertThat(corefile.lines().filter(line -> line.endsWith(":53 {")))
          .containsExactly(
              "cluster.local:53 {",
              ".:53 {",
              "in-addr.arpa:53 {",
              "ip6.arpa:53 {",
              "10.in-addr.arpa:53 {");
      assertThat(log.lines())
          .containsExactly(
              "WARNING kube-dns ConfigMap: stubDomains: dropped \"Cluster.Local.\": the base"
                  + " Corefile serves cluster.local itself",
              "WARNING kube-dns ConfigMap: stubDomains: dropped \"in-addr.arpa.\": the base"
                  + " Corefile serves in-addr.arpa itself",
              "WARNING kube-dns ConfigMap: stubDomains: dropped \"IP6.ARPA\": the base Corefile"
                  + " serves ip6.arpa itself");
    }
    assertThat(errors).hasSize(3);
  }

  @Test
  void everyValueTheSecurityReviewFoundIsDropped_andTheCorefileParses() throws Exception {
    Files.writeString(base, MANIFEST + REVERSE_ZONES);
    Files.writeString(
        cm.resolve("stubDomains"),
        """
        {".": ["1.2.3.4"], "cluster.local": ["1.2.3.4"], "CLUSTER.LOCAL.": ["1.2.3.4"],
         "in-addr.arpa": ["1.2.3.4"], "..": ["1.2.3.4"], "a..b": ["1.2.3.4"],
         "acme.local": ["ffff", "a.b", "1.2.3.4:99999", ":0", "999.1.1.1", "1.2.3.4"]}
        """);
    Files.writeString(
        cm.resolve("upstreamNameservers"), "[\"1.2.3.4:99999\", \":0\", \"8.8.8.8\"]");

    String corefile = iptables().render();

    assertThat(CorefileParser.parse("test", corefile, Map.of()).servers())
        .extracting(server -> server.zones().get(0))
        .containsExactly("cluster.local.", ".", "in-addr.arpa.", "ip6.arpa.", "acme.local.");
    assertThat(corefile).contains("forward . 8.8.8.8\n").contains("forward . 1.2.3.4\n");
    assertThat(errors).hasSize(6 + 5 + 2).containsOnly(SetupErrors.Type.CONFIGMAP);
  }

  @Test
  void moreThanThreeUpstreamNameserversKeepThePreviousConfig_asUpstreamRefusesThem()
      throws Exception {
    Files.writeString(cm.resolve("upstreamNameservers"), "[\"8.8.8.8\"]");
    CorefileTemplater templater = iptables();
    assertThat(templater.render()).contains("forward . 8.8.8.8\n");

    Files.writeString(
        cm.resolve("upstreamNameservers"), "[\"1.1.1.1\", \"2.2.2.2\", \"3.3.3.3\", \"4.4.4.4\"]");

    assertThat(templater.render()).contains("forward . 8.8.8.8\n");
    assertThat(errors).containsExactly(SetupErrors.Type.CONFIGMAP);
  }

  @Test
  void anEmptyUpstreamListMeansTheNodesResolvers() throws Exception {
    Files.writeString(cm.resolve("upstreamNameservers"), "[]");

    assertThat(iptables().render()).contains("forward . 10.0.0.2 10.0.0.3\n");
    assertThat(errors).isEmpty();
  }

  @Test
  void theInputsHashChangesWithTheBaseAndTheConfigMapOnly() throws Exception {
    CorefileTemplater templater = iptables();
    String before = templater.inputsHash();
    assertThat(templater.inputsHash()).isEqualTo(before);

    Files.writeString(cm.resolve("stubDomains"), "{}");
    String withStubs = templater.inputsHash();
    assertThat(withStubs).isNotEqualTo(before);

    Files.writeString(base, MANIFEST + "\n");
    assertThat(templater.inputsHash()).isNotEqualTo(withStubs);
  }

  @Test
  void anUnreadableBaseIsNamed() throws Exception {
    Files.delete(base);

    assertThatThrownBy(() -> iptables().render())
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining(base.toString())
        .hasMessageContaining("-basecorefile");
  }

  private static InetAddress ip(String text) {
    return Addresses.ip(text).orElseThrow();
  }
}
