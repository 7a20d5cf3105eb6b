package io.nodelocaldns.runtime.corefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {
  @ParameterizedTest
  @CsvSource({
    "10.96.0.10, 10.96.0.10",
    "169.254.20.10, 169.254.20.10",
    "::1, 0:0:0:0:0:0:0:1",
    "fd00::10, fd00:0:0:0:0:0:0:10",
    "FD00::A, fd00:0:0:0:0:0:0:a",
    "fe80::1%3, fe80:0:0:0:0:0:0:1%3"
  })
  void readsIpLiterals(String text, String hostAddress) {
    assertThat(Addresses.ip(text))
        .hasValueSatisfying(ip -> assertThat(ip.getHostAddress()).isEqualTo(hostAddress));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "dns.google",
        "10.0.0",
        "256.0.0.1",
        "010.0.0.1",
        "10.0.0.1:53",
        "[::1]",
        "1::2::3",
        "fe80::1%",
        "fe80::1%no-such-interface-here",
        "/etc/resolv.conf"
      })
  void refusesWhatIsNotAnIpLiteral(String text) {
    assertThat(Addresses.ip(text)).isEmpty();
  }

  static Stream<Arguments> ipAndPorts() {
    return Stream.of(
        Arguments.of("10.0.0.1", "10.0.0.1", 53),
        Arguments.of("10.0.0.1:5353", "10.0.0.1", 5353),
        Arguments.of("fd00::1", "fd00:0:0:0:0:0:0:1", 53),
        Arguments.of("[fd00::1]", "fd00:0:0:0:0:0:0:1", 53),
        Arguments.of("[fd00::1]:5353", "fd00:0:0:0:0:0:0:1", 5353));
  }

  @ParameterizedTest
  @MethodSource("ipAndPorts")
  void readsUpstreamAddresses(String text, String ip, int port) {
    InetSocketAddress address = Addresses.ipAndPort(text, 53).orElseThrow();
    assertThat(address.getAddress().getHostAddress()).isEqualTo(ip);
    assertThat(address.getPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc/resolv.conf",
        "resolv.conf",
        "dns.google:53",
        "[dns.google]:53",
        "fd00::1:53:x"
      })
  void findsNoAddressInOtherText(String text) {
    assertThat(Addresses.ipAndPort(text, 53)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1:", "10.0.0.1:0", "10.0.0.1:65536", "[::1]:x", "10.0.0.1:-1"})
  void rejectsABadPortAfterAnIp(String text) {
    assertThatThrownBy(() -> Addresses.ipAndPort(text, 53))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("port must be between 1 and 65535, got ");
  }

  static Stream<Arguments> listenAddresses() {
    return Stream.of(
        Arguments.of("127.0.0.1:9253", "127.0.0.1", 9253),
        Arguments.of("169.254.20.10:8080", "169.254.20.10", 8080),
        Arguments.of("[::1]:9253", "0:0:0:0:0:0:0:1", 9253),
        Arguments.of("localhost:8181", "127.0.0.1", 8181),
        Arguments.of("0.0.0.0:0", "0.0.0.0", 0));
  }

  @ParameterizedTest
  @MethodSource("listenAddresses")
  void readsListenAddresses(String text, String ip, int port) {
    InetSocketAddress address = Addresses.listen(text);
    assertThat(address.getAddress().getHostAddress()).isEqualTo(ip);
    assertThat(address.getPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(strings = {":9253", ":0"})
  void readsAPortAloneAsEveryInterface(String text) {
    InetSocketAddress address = Addresses.listen(text);
    assertThat(address.getAddress().isAnyLocalAddress()).isTrue();
    assertThat(address.getPort()).isEqualTo(Integer.parseInt(text.substring(1)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"9253", "127.0.0.1", "::1:9253", "[::1]", "[::1]9253", "host.example:9253", ""})
  void rejectsWhatIsNotAListenAddress(String text) {
    assertThatThrownBy(() -> Addresses.listen(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expected [IP]:PORT such as :9153, 127.0.0.1:9153 or [::1]:9153, got \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {":65536", "127.0.0.1:http", ":"})
  void rejectsABadListenPort(String text) {
    assertThatThrownBy(() -> Addresses.listen(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("port must be between 0 and 65535, got ");
  }
}
