package io.nodelocaldns.modes.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nodelocaldns.runtime.server.ListenAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuccessorCheckTest {
  private static final ListenAddress LINK_LOCAL = address("169.254.20.10", 53);
  private static final ListenAddress CLUSTER_IP = address("10.96.0.10", 53);
  private static final String UDP = fixture("proc-net-udp.txt");
  private static final String TCP = fixture("proc-net-tcp.txt");

  @Test
  void theKernelsSpellingOfAnAddressAndPort() {
    assertThat(SuccessorCheck.procAddress(ip("169.254.20.10"), 53, ByteOrder.LITTLE_ENDIAN))
        .isEqualTo("0A14FEA9:0035");
    assertThat(SuccessorCheck.procAddress(ip("169.254.20.10"), 53, ByteOrder.BIG_ENDIAN))
        .isEqualTo("A9FE140A:0035");
    assertThat(SuccessorCheck.procAddress(ip("::1"), 8080, ByteOrder.LITTLE_ENDIAN))
        .isEqualTo("00000000000000000000000001000000:1F90");
    assertThat(SuccessorCheck.procAddress(ip("fd00::a"), 53, ByteOrder.LITTLE_ENDIAN))
        .isEqualTo("000000FD00000000000000000A000000:0035");
  }

  @Test
  void anIpv4AddressIsAlsoLookedForAsIpv4MappedIpv6() {
    assumeLittleEndian();
    assertThat(SuccessorCheck.procAddresses(LINK_LOCAL))
        .containsExactly("0A14FEA9:0035", "0000000000000000FFFF00000A14FEA9:0035");
    String udp6 =
        "  sl  local_address remote_address st\n"
            + "  5: 0000000000000000FFFF00000A14FEA9:0035 00000000000000000000000000000000:0000 07"
            + " 00000000:00000000 00:00000000 00000000     0        0 6001 2 0 0\n";
    assertThat(SuccessorCheck.heldByAnother(udp6, false, List.of(LINK_LOCAL), Set.of()))
        .contains(6001L);
  }

  @Test
  void aSocketOnOurAddressThatIsNotOursIsASuccessor() {
    assumeLittleEndian();
    assertThat(SuccessorCheck.heldByAnother(UDP, false, List.of(LINK_LOCAL), Set.of(4001L)))
        .contains(4002L);
  }

  @Test
  void onlyOurOwnSocketsMeanNoSuccessor() {
    assumeLittleEndian();
    assertThat(
            SuccessorCheck.heldByAnother(
                UDP, false, List.of(LINK_LOCAL, CLUSTER_IP), Set.of(4001L, 4002L, 4003L)))
        .isEmpty();
  }

  @Test
  void socketsOnOtherAddressesOrPortsDoNotCount() {
    assumeLittleEndian();
    assertThat(
            SuccessorCheck.heldByAnother(
                UDP, false, List.of(address("169.254.20.11", 53)), Set.of()))
        .isEmpty();
    assertThat(
            SuccessorCheck.heldByAnother(UDP, false, List.of(address("127.0.0.1", 53)), Set.of()))
        .isEmpty();
  }

  @Test
  void portZeroMatchesAnyPortOfTheAddress() {
    assumeLittleEndian();
    assertThat(SuccessorCheck.heldByAnother(UDP, false, List.of(address("127.0.0.1", 0)), Set.of()))
        .contains(5001L);
  }

  @Test
  void tcpCountsOnlyListenersNotConnectionsOrTimeWait() {
    assumeLittleEndian();
    assertThat(SuccessorCheck.heldByAnother(TCP, true, List.of(LINK_LOCAL), Set.of(4101L)))
        .isEmpty();
    assertThat(SuccessorCheck.heldByAnother(TCP, true, List.of(LINK_LOCAL), Set.of()))
        .contains(4101L);
  }

  @Test
  void headersAndGarbageAreSkipped() {
    assertThat(
            SuccessorCheck.heldByAnother(
                "  sl  local_address\nnonsense\n\n  7: zz", false, List.of(LINK_LOCAL), Set.of()))
        .isEmpty();
  }

  @Test
  void tablesReadFromADirectoryAndMissingTablesHoldNothing(@TempDir Path dir) throws IOException {
    assumeLittleEndian();
    Path net = Files.createDirectories(dir.resolve("net"));
    Path fds = Files.createDirectories(dir.resolve("fd"));
    Files.createSymbolicLink(fds.resolve("7"), Path.of("socket:[4101]"));
    Files.writeString(net.resolve("tcp"), TCP);
    SuccessorCheck check = new SuccessorCheck(net, fds);
    assertThat(check.heldByAnother(List.of(LINK_LOCAL))).isEmpty();
    Files.writeString(net.resolve("udp"), UDP);
    assertThat(check.heldByAnother(List.of(LINK_LOCAL))).contains(4001L);
  }

  @Test
  void theRealProcessSeesItsOwnSocketAsOwnAndNoSuccessor() throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      ListenAddress bound =
          new ListenAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
      assertThat(SuccessorCheck.proc().heldByAnother(List.of(bound))).isEmpty();
      // Seen from a check that does not know our sockets, the same socket is "another's".
      SuccessorCheck blind =
          new SuccessorCheck(Path.of("/proc/net"), Files.createTempDirectory("fd"));
      assertThat(blind.heldByAnother(List.of(bound))).isPresent();
    }
  }

  private static void assumeLittleEndian() {
    assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "fixtures are x86/arm64 tables");
  }

  private static ListenAddress address(String ip, int port) {
    return new ListenAddress(ip(ip), port);
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fixture(String name) {
    try (InputStream in = SuccessorCheckTest.class.getResourceAsStream(name)) {
      return new String(
          Optional.ofNullable(in).orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
