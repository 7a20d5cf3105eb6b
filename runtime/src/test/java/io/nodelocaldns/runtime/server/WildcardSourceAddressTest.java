package io.nodelocaldns.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.LogCapture;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A wildcard listener answers UDP from the address the query was sent to. The client is a connected
 * socket: the kernel drops datagrams from any other source, as stub resolvers do.
 */
class WildcardSourceAddressTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final InetAddress LOOPBACK_2 = ip("127.0.0.2"); // Linux routes 127/8 to lo
  private static final InetAddress ANY_V4 = ip("0.0.0.0");
  private static final InetAddress LOOPBACK_V6 = ip("::1");

  private EventLoopGroup group;
  private DnsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void answersFromTheAddressTheQueryWasSentTo() throws Exception {
    assumeEpoll();
    start(() -> Set.of(LOOPBACK, LOOPBACK_2), block("example.", ANY_V4, 0));
    int port = port();
    assertThat(ask(LOOPBACK, new InetSocketAddress(LOOPBACK_2, port), "a.example."))
        .as("asked 127.0.0.2 from 127.0.0.1: answered from 127.0.0.2")
        .isPresent();
    assertThat(ask(LOOPBACK, new InetSocketAddress(LOOPBACK, port), "a.example.")).isPresent();
    assertThat(server.addresses()).containsExactly(new ListenAddress(ANY_V4, port));
  }

  @Test
  void answersFromTheMachinesOwnIpv4Address() throws Exception {
    assumeEpoll();
    InetAddress own = ownAddress(Inet4Address.class);
    start(LocalAddresses.SYSTEM, block("example.", ANY_V4, 0));
    assertThat(ask(LOOPBACK, new InetSocketAddress(own, port()), "a.example."))
        .as("asked %s from 127.0.0.1", own)
        .isPresent();
  }

  /** Netty binds 0.0.0.0 as ::, dual-stack: IPv6 queries come to either. */
  @ParameterizedTest
  @ValueSource(strings = {"::", "0.0.0.0"})
  void answersFromTheMachinesOwnIpv6Address(String wildcard) throws Exception {
    assumeEpoll();
    InetAddress own = ownAddress(Inet6Address.class);
    start(LocalAddresses.SYSTEM, block("example.", ip(wildcard), 0));
    assertThat(ask(LOOPBACK_V6, new InetSocketAddress(own, port()), "a.example."))
        .as("asked %s from ::1", own)
        .isPresent();
    assertThat(ask(LOOPBACK_V6, new InetSocketAddress(LOOPBACK_V6, port()), "a.example."))
        .isPresent();
  }

  @Test
  void socketsFollowAddressesThatComeAndGo() throws Exception {
    assumeEpoll();
    Set<InetAddress> local = new CopyOnWriteArraySet<>(List.of(LOOPBACK));
    start(() -> Set.copyOf(local), block("example.", ANY_V4, 0));
    InetSocketAddress second = new InetSocketAddress(LOOPBACK_2, port());
    assertThat(ask(LOOPBACK, second, "a.example."))
        .as("not an address of the machine yet: the wildcard answers from 127.0.0.1")
        .isEmpty();

    local.add(LOOPBACK_2);
    server.followLocalAddresses();
    assertThat(ask(LOOPBACK, second, "a.example.")).isPresent();
    assertThat(server.localAddressSockets().values()).containsExactly(Set.of(LOOPBACK, LOOPBACK_2));

    local.remove(LOOPBACK_2);
    server.followLocalAddresses();
    assertThat(server.localAddressSockets().values()).containsExactly(Set.of(LOOPBACK));
  }

  @Test
  void theScanRunsOnItsOwn() throws Exception {
    assumeEpoll();
    Set<InetAddress> local = new CopyOnWriteArraySet<>(List.of(LOOPBACK));
    start(() -> Set.copyOf(local), block("example.", ANY_V4, 0));
    local.add(LOOPBACK_2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!server.localAddressSockets().values().iterator().next().contains(LOOPBACK_2)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(ask(LOOPBACK, new InetSocketAddress(LOOPBACK_2, port()), "a.example.")).isPresent();
  }

  @Test
  void anAddressABlockNamesStaysThatBlocks() throws Exception {
    assumeEpoll();
    int port = FreePorts.udpAndTcp();
    start(
        () -> Set.of(LOOPBACK, LOOPBACK_2),
        block("wild.", ANY_V4, port),
        block("named.", LOOPBACK_2, port));
    assertThat(server.localAddressSockets().values()).containsExactly(Set.of(LOOPBACK));
    // SO_REUSEPORT spreads by the client's port: many clients, so a shared group would show
    for (int i = 0; i < 20; i++) {
      Optional<Message> answer = ask(LOOPBACK, new InetSocketAddress(LOOPBACK_2, port), "a.named.");
      assertThat(answer).isPresent();
      assertThat(answer.get().getRcode()).isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void aBlockNamingAnAddressLaterTakesItFromTheWildcard() throws Exception {
    assumeEpoll();
    int port = FreePorts.udpAndTcp();
    start(() -> Set.of(LOOPBACK, LOOPBACK_2), block("wild.", ANY_V4, port));
    assertThat(server.localAddressSockets().values()).containsExactly(Set.of(LOOPBACK, LOOPBACK_2));

    server.reconfigure(List.of(block("wild.", ANY_V4, port), block("named.", LOOPBACK_2, port)));
    assertThat(server.localAddressSockets().values()).containsExactly(Set.of(LOOPBACK));
    for (int i = 0; i < 20; i++) {
      assertThat(
              ask(LOOPBACK, new InetSocketAddress(LOOPBACK_2, port), "a.named.")
                  .orElseThrow()
                  .getRcode())
          .isEqualTo(Rcode.NOERROR);
    }

    server.reconfigure(List.of(block("wild.", ANY_V4, port)));
    assertThat(server.localAddressSockets().values()).containsExactly(Set.of(LOOPBACK, LOOPBACK_2));
    assertThat(ask(LOOPBACK, new InetSocketAddress(LOOPBACK_2, port), "a.wild.")).isPresent();
  }

  @Test
  void withoutEpollAWildcardWarnsAtStart() throws Exception {
    try (LogCapture log = LogCapture.of(DnsListener.class)) {
      start(NettyTransport.nio(), () -> Set.of(LOOPBACK), block("example.", ANY_V4, 0));
      assertThat(log.lines())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("WARNING dns://0.0.0.0:")
                      .contains("nio transport")
                      .contains("clients drop those"));
    }
    assertThat(server.localAddressSockets().values()).containsExactly(Set.of());
  }

  private static ServerBlock block(String zone, InetAddress address, int port) {
    return new ServerBlock(
        List.of(zone), new DnsServerTest.StubChain(), List.of(new ListenAddress(address, port)));
  }

  private void start(LocalAddresses local, ServerBlock... blocks) {
    start(NettyTransport.best(), local, blocks);
  }

  private void start(NettyTransport transport, LocalAddresses local, ServerBlock... blocks) {
    group = transport.newGroup(2, "test-dns");
    server = DnsServer.start(List.of(blocks), transport, group, 2, ListenerEvents.LOGGING, local);
  }

  private int port() {
    return server.addresses().get(0).port();
  }

  private static void assumeEpoll() {
    assumeTrue(
        NettyTransport.best().supportsReusePort(),
        "needs the epoll transport (Linux): only it binds the machine's addresses");
  }

  /** An address of this machine on another interface than loopback; skips the test without. */
  private static InetAddress ownAddress(Class<? extends InetAddress> family) {
    Optional<InetAddress> own =
        LocalAddresses.SYSTEM.scan().stream()
            .filter(family::isInstance)
            .filter(a -> !a.isLoopbackAddress())
            .findFirst();
    assumeTrue(
        own.isPresent(),
        "this machine has no " + family.getSimpleName() + " besides loopback to ask");
    return own.get();
  }

  /** Asks from {@code from} over a socket connected to {@code to}: empty when no answer came. */
  private static Optional<Message> ask(InetAddress from, InetSocketAddress to, String name)
      throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
      socket.connect(to);
      socket.setSoTimeout(1000);
      byte[] wire = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1)).toWire();
      socket.send(new DatagramPacket(wire, wire.length));
      DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
      socket.receive(in);
      return Optional.of(new Message(Arrays.copyOf(in.getData(), in.getLength())));
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    }
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: never a lookup
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
