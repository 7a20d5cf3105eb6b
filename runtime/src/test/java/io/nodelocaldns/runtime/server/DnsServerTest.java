package io.nodelocaldns.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Real sockets on loopback, with a stub chain: what the listeners themselves guarantee. */
class DnsServerTest {
  private EventLoopGroup group;
  private DnsServer server;
  private InetSocketAddress address;

  /**
   * Answers every name with A records; "big." names with 60 of them; a "slow." name only once a
   * "quick." name has been answered.
   */
  static final class StubChain implements DnsHandler {
    private final CompletableFuture<Void> quickServed = new CompletableFuture<>();

    @Override
    public String name() {
      return "stub";
    }

    @Override
    public CompletionStage<DnsResponse> serve(Request request) {
      try {
        Message m =
            Message.newQuery(
                Record.newRecord(Name.fromString(request.query().lowerName()), Type.A, 1));
        m.getHeader().setFlag(Flags.QR);
        int count = request.query().lowerName().startsWith("big.") ? 60 : 1;
        for (int i = 0; i < count; i++) {
          m.addRecord(
              new ARecord(
                  m.getQuestion().getName(),
                  1,
                  30,
                  InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) i})),
              Section.ANSWER);
        }
        CanonicalResponse canonical = ResponseCanonicalizer.canonicalize(m.toWire());
        DnsResponse response =
            new DnsResponse(
                ResponseRenderer.render(canonical, request.query(), ResponseRenderer.KEEP_TTLS));
        if (request.query().lowerName().startsWith("slow.")) {
          return quickServed.thenApply(done -> response);
        }
        CompletableFuture<DnsResponse> answered = CompletableFuture.completedFuture(response);
        if (request.query().lowerName().startsWith("quick.")) {
          answered = answered.whenComplete((r, e) -> quickServed.complete(null));
        }
        return answered;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    start(NettyTransport.best());
  }

  private void start(NettyTransport transport) {
    group = transport.newGroup(2, "test-dns");
    ListenAddress listen = new ListenAddress(InetAddress.getLoopbackAddress(), 0);
    ServerBlock block = new ServerBlock(List.of("example."), new StubChain(), List.of(listen));
    server = DnsServer.start(List.of(block), transport, group, 2, ListenerEvents.LOGGING);
    address = server.addresses().get(0).socketAddress();
  }

  @AfterEach
  void stop() {
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void answersOverUdpWithTheClientsIdAndCase() throws Exception {
    Message answer = udp(query("WwW.Example.", 101).toWire());
    assertThat(answer.getHeader().getID()).isEqualTo(101);
    assertThat(answer.getQuestion().getName().toString()).isEqualTo("WwW.Example.");
    assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
  }

  @Test
  void nioTransportServesUdpAndTcpToo() throws Exception {
    stop();
    start(NettyTransport.nio());
    assertThat(udp(query("nio.example.", 21).toWire()).getSection(Section.ANSWER)).hasSize(1);
    try (Socket socket = tcpSocket()) {
      send(socket, query("nio.example.", 22));
      assertThat(receive(socket).getHeader().getID()).isEqualTo(22);
    }
  }

  @Test
  void namesOutsideEveryZoneAreRefused() throws Exception {
    assertThat(udp(query("example.org.", 5).toWire()).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void largeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
    Message overUdp = udp(query("big.example.", 7).toWire());
    assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(overUdp.getSection(Section.ANSWER)).isEmpty();
    try (Socket socket = tcpSocket()) {
      send(socket, query("big.example.", 8));
      Message overTcp = receive(socket);
      assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
      assertThat(overTcp.getSection(Section.ANSWER)).hasSize(60);
    }
  }

  @Test
  void tcpCarriesSeveralQueriesAndAnswersThemAsTheyComplete() throws Exception {
    try (Socket socket = tcpSocket()) {
      send(socket, query("slow.example.", 1));
      send(socket, query("fast.example.", 2));
      send(socket, query("quick.example.", 3));
      Message first = receive(socket);
      Message second = receive(socket);
      Message third = receive(socket);
      assertThat(first.getHeader().getID())
          .as("the slow query does not hold back the ones behind it")
          .isEqualTo(2);
      assertThat(List.of(second.getHeader().getID(), third.getHeader().getID()))
          .containsExactlyInAnyOrder(1, 3);
    }
  }

  @Test
  void malformedPacketsNeverStopTheListener() throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(300);
      java.util.Random random = new java.util.Random(1);
      for (int i = 0; i < 500; i++) {
        byte[] garbage = new byte[random.nextInt(64)];
        random.nextBytes(garbage);
        socket.send(new DatagramPacket(garbage, garbage.length, address));
      }
      byte[] response = query("a.example.", 9).toWire();
      response[2] |= (byte) 0x80; // QR: must be dropped, never answered
      socket.send(new DatagramPacket(response, response.length, address));
    }
    Message garbageFormerr = udp(new byte[] {0, 42, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 'a'});
    assertThat(garbageFormerr.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(garbageFormerr.getHeader().getID()).isEqualTo(42);
    assertThat(udp(query("still.example.", 10).toWire()).getSection(Section.ANSWER)).hasSize(1);
    try (Socket socket = tcpSocket()) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(3);
      out.write(new byte[] {1, 2, 3});
      send(socket, query("tcp.example.", 11));
      assertThat(receive(socket).getHeader().getID()).isEqualTo(11);
    }
  }

  @Test
  void responsesSentToUsAreNotAnswered() throws Exception {
    byte[] response = query("a.example.", 12).toWire();
    response[2] |= (byte) 0x80;
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(1000);
      socket.send(new DatagramPacket(response, response.length, address));
      byte[] probe = query("b.example.", 13).toWire();
      socket.send(new DatagramPacket(probe, probe.length, address));
      DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
      socket.receive(in);
      // the first datagram back answers the probe: the response got nothing
      assertThat(
              new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()))
                  .getHeader()
                  .getID())
          .isEqualTo(13);
    }
  }

  private static Message query(String name, int id) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1));
    m.getHeader().setID(id);
    return m;
  }

  private Message udp(byte[] packet) throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(5000);
      socket.send(new DatagramPacket(packet, packet.length, address));
      DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
      socket.receive(in);
      return new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
    }
  }

  private Socket tcpSocket() throws Exception {
    Socket socket = new Socket();
    socket.connect(address, 5000);
    socket.setSoTimeout(5000);
    return socket;
  }

  private static void send(Socket socket, Message query) throws Exception {
    byte[] wire = query.toWire();
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeShort(wire.length);
    out.write(wire);
    out.flush();
  }

  private static Message receive(Socket socket) throws Exception {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] wire = new byte[in.readUnsignedShort()];
    in.readFully(wire);
    return new Message(wire);
  }
}
