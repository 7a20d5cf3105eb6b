package io.nodelocaldns.runtime.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import io.nodelocaldns.runtime.forward.ForwardConfig.HealthProbe;
import io.nodelocaldns.runtime.forward.ForwardConfig.Policy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ForwardSetupTest {
  @TempDir Path dir;

  @BeforeEach
  void writeResolvConfs() throws IOException {
    Files.writeString(
        dir.resolve("resolv.conf"),
        "search example.internal\n"
            + "nameserver 10.0.0.2 # VPC\n"
            + "nameserver fd00::2\n"
            + "options ndots:5\n");
    Files.writeString(dir.resolve("empty.conf"), "search example.internal\n");
  }

  /** A forward to these upstreams with every other setting at its default. */
  private static ForwardConfig defaults(String from, String... upstreams) {
    return new ForwardConfig(
        from,
        Stream.of(upstreams).map(ForwardSetupTest::address).toList(),
        List.of(),
        false,
        false,
        Policy.RANDOM,
        ForwardConfig.DEFAULT_MAX_FAILS,
        ForwardConfig.DEFAULT_HEALTH_CHECK,
        ForwardConfig.DEFAULT_EXPIRE,
        1000, // a default of ours: CoreDNS has none (ForwardSetup.DEFAULT_MAX_CONCURRENT)
        HealthProbe.DEFAULT);
  }

  private static InetSocketAddress address(String ipAndPort) {
    return Addresses.ipAndPort(ipAndPort, 53).orElseThrow();
  }

  private static ForwardConfig with(
      ForwardConfig f,
      List<String> except,
      boolean forceTcp,
      boolean preferUdp,
      Policy policy,
      int maxFails,
      Duration healthCheck,
      Duration expire,
      int maxConcurrent) {
    return new ForwardConfig(
        f.from(),
        f.upstreams(),
        except,
        forceTcp,
        preferUdp,
        policy,
        maxFails,
        healthCheck,
        expire,
        maxConcurrent,
        HealthProbe.DEFAULT);
  }

  private static ForwardConfig withProbe(ForwardConfig f, HealthProbe probe) {
    return new ForwardConfig(
        f.from(),
        f.upstreams(),
        f.except(),
        f.forceTcp(),
        f.preferUdp(),
        f.policy(),
        f.maxFails(),
        f.healthCheck(),
        f.expire(),
        f.maxConcurrent(),
        probe);
  }

  static Stream<Arguments> valid() {
    ForwardConfig one = defaults(".", "10.96.0.11");
    return Stream.of(
        Arguments.of("forward . 10.96.0.11", one),
        Arguments.of("forward Cluster.Local 10.96.0.11", defaults("cluster.local.", "10.96.0.11")),
        Arguments.of(
            "forward . 10.0.0.1:5353 [fd00::1]:5353 fd00::2 [fd00::3] dns://10.0.0.4"
                + " dns://10.0.0.5:54",
            defaults(
                ".",
                "10.0.0.1:5353",
                "[fd00::1]:5353",
                "fd00::2",
                "fd00::3",
                "10.0.0.4",
                "10.0.0.5:54")),
        Arguments.of(
            "forward . {dir}/resolv.conf 10.0.0.9",
            defaults(".", "10.0.0.2", "fd00::2", "10.0.0.9")),
        Arguments.of(
            "forward . 10.96.0.11 {\n force_tcp\n}",
            with(one, List.of(), true, false, Policy.RANDOM, 2, ms(500), secs(10), 1000)),
        Arguments.of(
            "forward . 10.96.0.11 { prefer_udp }",
            with(one, List.of(), false, true, Policy.RANDOM, 2, ms(500), secs(10), 1000)),
        Arguments.of(
            "forward . 10.96.0.11 {\n except Example.org cluster.local\n except example.org\n}",
            with(
                one,
                List.of("example.org.", "cluster.local."),
                false,
                false,
                Policy.RANDOM,
                2,
                ms(500),
                secs(10),
                1000)),
        Arguments.of(
            "forward . 10.96.0.11 {\n policy round_robin\n max_fails 0\n health_check 1s no_rec"
                + " domain example.org\n expire 0s\n max_concurrent 0\n}",
            withProbe(
                with(
                    one, List.of(), false, false, Policy.ROUND_ROBIN, 0, secs(1), Duration.ZERO, 0),
                new HealthProbe(false, "example.org."))),
        Arguments.of(
            "forward . 10.96.0.11 { policy SEQUENTIAL }",
            with(one, List.of(), false, false, Policy.SEQUENTIAL, 2, ms(500), secs(10), 1000)));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void readsValidSnippet(String snippet, ForwardConfig expected) {
    assertThat(ForwardSetup.parse(Snippets.directive(inDir(snippet)))).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "forward .",
            "Corefile:1: forward: expected at least 2 arguments (forward FROM TO...), got 1:"
                + " \".\""),
        Arguments.of(
            "forward . tls://10.0.0.1",
            "Corefile:1: forward: tls:// upstreams are not supported, got \"tls://10.0.0.1\""
                + " (expected IP[:PORT], dns://IP[:PORT] or a resolv.conf file)"),
        Arguments.of(
            "forward . https://dns.example/dns-query",
            "Corefile:1: forward: https:// upstreams are not supported, got"
                + " \"https://dns.example/dns-query\" (expected IP[:PORT], dns://IP[:PORT] or a"
                + " resolv.conf file)"),
        Arguments.of(
            "forward . dns.google",
            "Corefile:1: forward: \"dns.google\" is not an upstream (expected IP, IP:PORT,"
                + " [IPv6]:PORT, dns://IP[:PORT] or the path of a resolv.conf file)"),
        Arguments.of(
            "forward . dns://{dir}/resolv.conf",
            "Corefile:1: forward: \"dns://{dir}/resolv.conf\" is not an upstream (expected IP,"
                + " IP:PORT, [IPv6]:PORT, dns://IP[:PORT] or the path of a resolv.conf file)"),
        Arguments.of(
            "forward . 10.0.0.1:99999",
            "Corefile:1: forward: port must be between 1 and 65535, got \"99999\" in"
                + " \"10.0.0.1:99999\""),
        Arguments.of(
            "forward . 10.0.0.1:0",
            "Corefile:1: forward: port must be between 1 and 65535, got \"0\" in \"10.0.0.1:0\""),
        Arguments.of(
            "forward . {dir}/missing.conf",
            "Corefile:1: forward: cannot read resolv.conf file {dir}/missing.conf (no such file)"),
        Arguments.of(
            "forward . {dir}/empty.conf",
            "Corefile:1: forward: resolv.conf file {dir}/empty.conf has no nameserver line"
                + " (expected e.g. nameserver 10.0.0.2)"),
        Arguments.of(
            "forward . 10.0.0.1 {\n force_tcp\n prefer_udp\n}",
            "Corefile:3: forward: prefer_udp: cannot be combined with force_tcp (choose one"
                + " transport rule)"),
        Arguments.of(
            "forward . 10.0.0.1 {\n force_tcp now\n}",
            "Corefile:2: forward: force_tcp: expected no arguments, got \"now\""),
        Arguments.of(
            "forward . 10.0.0.1 { policy fastest }",
            "Corefile:1: forward: policy: policy must be one of random, round_robin, sequential,"
                + " got \"fastest\""),
        Arguments.of(
            "forward . 10.0.0.1 { max_fails -1 }",
            "Corefile:1: forward: max_fails: N must be an integer of 0 or more, got \"-1\""),
        Arguments.of(
            "forward . 10.0.0.1 { health_check 0s }",
            "Corefile:1: forward: health_check: duration must be greater than 0s, got \"0s\""),
        Arguments.of(
            "forward . 10.0.0.1 { health_check 1s domain }",
            "Corefile:1: forward: health_check: domain needs a NAME (health_check DURATION"
                + " [no_rec] [domain NAME])"),
        Arguments.of(
            "forward . 10.0.0.1 { health_check 1s recursive }",
            "Corefile:1: forward: health_check: unknown option \"recursive\" (expected no_rec or"
                + " domain NAME)"),
        Arguments.of(
            "forward . 10.0.0.1 { expire -1s }",
            "Corefile:1: forward: expire: duration must be at least 0s, got \"-1s\""),
        Arguments.of(
            "forward . 10.0.0.1 { max_concurrent lots }",
            "Corefile:1: forward: max_concurrent: N must be an integer of 0 or more, got \"lots\""),
        Arguments.of(
            "forward . 10.0.0.1 { except }",
            "Corefile:1: forward: except: expected at least 1 argument (except ZONES...), got"
                + " none"),
        Arguments.of(
            "forward . 10.0.0.1 {\n tls cert.pem key.pem\n}",
            "Corefile:2: forward: option \"tls\" is not supported (DNS over TLS upstreams are not"
                + " implemented)"),
        Arguments.of(
            "forward . 10.0.0.1 { next NXDOMAIN }",
            "Corefile:1: forward: option \"next\" is not supported (forwarding to the next handler"
                + " on an rcode is not implemented)"),
        Arguments.of(
            "forward . 10.0.0.1 { failfast_all_unhealthy_upstreams }",
            "Corefile:1: forward: option \"failfast_all_unhealthy_upstreams\" is not supported"
                + " (all upstreams are always tried)"),
        Arguments.of(
            "forward . 10.0.0.1 { spray }",
            "Corefile:1: forward: unknown option \"spray\" (expected one of: except, force_tcp,"
                + " prefer_udp, policy, max_fails, health_check, expire, max_concurrent)"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsInvalidSnippet(String snippet, String message) {
    assertThatThrownBy(() -> ForwardSetup.parse(Snippets.directive(inDir(snippet))))
        .isInstanceOf(CorefileException.class)
        .hasMessage(inDir(message));
  }

  @Test
  void acceptsFifteenUpstreamsButNotSixteen() {
    String fifteen = upstreams(15);
    assertThat(ForwardSetup.parse(Snippets.directive("forward . " + fifteen)).upstreams())
        .hasSize(ForwardConfig.MAX_UPSTREAMS);
    assertThatThrownBy(() -> ForwardSetup.parse(Snippets.directive("forward . " + upstreams(16))))
        .hasMessage(
            "Corefile:1: forward: at most 15 upstreams are allowed (as in CoreDNS), got 16");
  }

  private static String upstreams(int n) {
    return String.join(" ", IntStream.rangeClosed(1, n).mapToObj(i -> "10.0.0." + i).toList());
  }

  private String inDir(String text) {
    return text.replace("{dir}", dir.toString());
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static Duration secs(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
