package io.nodelocaldns.runtime.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.Addresses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResolvConfTest {
  @TempDir Path dir;

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("nameserver 10.0.0.2\n", List.of("10.0.0.2")),
        Arguments.of(
            "# generated\nsearch svc.cluster.local\nnameserver 10.0.0.2 ; primary\n"
                + "  nameserver\tfd00::53  \noptions ndots:5 timeout:1\nnameserver 1.1.1.1",
            List.of("10.0.0.2", "fd00::53", "1.1.1.1")),
        Arguments.of("nameserver 127.0.0.53\r\noptions edns0\r\n", List.of("127.0.0.53")),
        Arguments.of("nameserver fe80::1%2\n", List.of("fe80::1%2")));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void readsNameservers(String content, List<String> expected) throws IOException {
    Path file = Files.writeString(dir.resolve("resolv.conf"), content);
    assertThat(ResolvConf.nameservers(file))
        .containsExactlyElementsOf(
            expected.stream().map(ip -> Addresses.ip(ip).orElseThrow()).toList());
  }

  @Test
  void keepsTheZoneOfALinkLocalServer() throws IOException {
    Path file = Files.writeString(dir.resolve("resolv.conf"), "nameserver fe80::1%2\n");
    InetAddress server = ResolvConf.nameservers(file).get(0);
    assertThat(((java.net.Inet6Address) server).getScopeId()).isEqualTo(2);
  }

  @Test
  void refusesDevicesAndHugeFilesInsteadOfReadingForever() throws IOException {
    Path huge = Files.write(dir.resolve("huge"), new byte[ResolvConf.MAX_SIZE + 1]);

    assertThatThrownBy(() -> ResolvConf.nameservers(Path.of("/dev/zero")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/dev/zero (not a regular file)");
    assertThatThrownBy(() -> ResolvConf.nameservers(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(larger than 64 KiB)");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("search example.org\n", "resolv.conf file {file} has no nameserver line"),
        Arguments.of("", "resolv.conf file {file} has no nameserver line"),
        Arguments.of(
            "nameserver 10.0.0.2\nnameserver dns.example\n",
            "{file}:2: nameserver must be an IP address, got \"dns.example\""),
        Arguments.of("nameserver\n", "{file}:1: nameserver line has no address"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsFileWithoutUsableNameserver(String content, String message) throws IOException {
    Path file = Files.writeString(dir.resolve("resolv.conf"), content);
    assertThatThrownBy(() -> ResolvConf.nameservers(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.replace("{file}", file.toString()));
  }

  @Test
  void namesAMissingFile() {
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> ResolvConf.nameservers(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read resolv.conf file " + missing + " (no such file)");
  }

  @Test
  void namesAnUnreadableFile() {
    // a directory cannot be read as a file, even by root
    assertThatThrownBy(() -> ResolvConf.nameservers(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read resolv.conf file " + dir + " (");
  }
}
