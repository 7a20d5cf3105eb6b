package io.nodelocaldns.runtime.bind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import io.nodelocaldns.runtime.plugin.InterfaceAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BindSetupTest {
  /** A machine with two interfaces, so no test depends on the real one's. */
  private static final InterfaceAddresses INTERFACES =
      name ->
          Optional.ofNullable(
                  Map.of(
                          "nodelocaldns", List.of("169.254.20.10", "10.96.0.10"),
                          "eth0", List.of("192.168.1.5", "fe80::1%2", "fd00::5"),
                          "down0", List.<String>of())
                      .get(name))
              .map(ips -> ips.stream().map(BindSetupTest::ip).toList());

  private static InetAddress ip(String text) {
    return Addresses.ip(text).orElseThrow();
  }

  private static BindConfig bind(String... ips) {
    return new BindConfig(Stream.of(ips).map(BindSetupTest::ip).toList());
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("bind 169.254.20.10", bind("169.254.20.10")),
        Arguments.of("bind 169.254.20.10 10.96.0.10", bind("169.254.20.10", "10.96.0.10")),
        Arguments.of("bind ::1 fd00::10", bind("::1", "fd00::10")),
        Arguments.of("bind nodelocaldns", bind("169.254.20.10", "10.96.0.10")),
        // IPv6 link-local addresses of an interface are left out, as in CoreDNS
        Arguments.of("bind eth0", bind("192.168.1.5", "fd00::5")),
        Arguments.of("bind nodelocaldns {\n except 10.96.0.10\n}", bind("169.254.20.10")),
        Arguments.of("bind eth0 127.0.0.1 { except eth0 }", bind("127.0.0.1")),
        // several bind lines add up, without repeats; except applies to its own line
        Arguments.of(
            "bind 169.254.20.10\nbind 10.96.0.10 169.254.20.10",
            bind("169.254.20.10", "10.96.0.10")),
        Arguments.of(
            "bind 127.0.0.1 { except 127.0.0.2 }\nbind 127.0.0.2", bind("127.0.0.1", "127.0.0.2")));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void readsValidSnippet(String snippet, BindConfig expected) {
    assertThat(BindSetup.parse(Snippets.directives(snippet), INTERFACES)).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "bind",
            "Corefile:1: bind: expected at least 1 argument (bind ADDRESS|INTERFACE...), got"
                + " none"),
        Arguments.of(
            "bind 169.254.20.10 dns.local",
            "Corefile:1: bind: \"dns.local\" is neither an IP address nor a network interface of"
                + " this machine"),
        Arguments.of(
            "bind 256.0.0.1",
            "Corefile:1: bind: \"256.0.0.1\" is neither an IP address nor a network interface of"
                + " this machine"),
        Arguments.of(
            "bind down0",
            "Corefile:1: bind: network interface \"down0\" has no address to listen on (expected"
                + " one that is not IPv6 link-local)"),
        Arguments.of(
            "bind 127.0.0.1 {\n except 127.0.0.1\n}",
            "Corefile:1: bind: every address is excluded by except, nothing is left to listen on"),
        Arguments.of(
            "bind 127.0.0.1 {\n except\n}",
            "Corefile:2: bind: except: expected at least 1 argument (except"
                + " ADDRESS|INTERFACE...), got none"),
        Arguments.of(
            "bind 127.0.0.1 {\n except nope0\n}",
            "Corefile:2: bind: except: \"nope0\" is neither an IP address nor a network interface"
                + " of this machine"),
        Arguments.of(
            "bind 127.0.0.1 { only 127.0.0.1 }",
            "Corefile:1: bind: unknown option \"only\" (expected one of: except)"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsInvalidSnippet(String snippet, String message) {
    assertThatThrownBy(() -> BindSetup.parse(Snippets.directives(snippet), INTERFACES))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }
}
