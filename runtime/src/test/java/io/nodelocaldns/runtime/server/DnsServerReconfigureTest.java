package io.nodelocaldns.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A running server given a new set of blocks: sockets kept, routing swapped, all or nothing. */
class DnsServerReconfigureTest {
  private static final ListenAddress LOOPBACK_ANY_PORT =
      new ListenAddress(InetAddress.getLoopbackAddress(), 0);

  private EventLoopGroup group;
  private DnsServer server;

  @BeforeEach
  void group() {
    group = NettyTransport.best().newGroup(2, "test-dns");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private void start(ServerBlock... blocks) {
    server =
        DnsServer.start(List.of(blocks), NettyTransport.best(), group, 2, ListenerEvents.LOGGING);
  }

  @Test
  void keptAddressKeepsItsSocketsAndSwitchesToTheNewRouting() throws Exception {
    start(block("example.", new FixedAnswer("10.0.0.1"), LOOPBACK_ANY_PORT));
    InetSocketAddress address = server.addresses().get(0).socketAddress();
    try (Socket openBefore = new Socket(address.getAddress(), address.getPort())) {
      assertThat(answer(DnsClient.udp(address))).isEqualTo("10.0.0.1");

      server.reconfigure(
          List.of(block("example.", new FixedAnswer("10.0.0.2"), LOOPBACK_ANY_PORT)));

      assertThat(server.addresses().get(0).socketAddress())
          .as("same port, same sockets")
          .isEqualTo(address);
      assertThat(answer(DnsClient.udp(address))).isEqualTo("10.0.0.2");
      assertThat(answer(DnsClient.tcp(address))).isEqualTo("10.0.0.2");
      assertThat(answerOver(openBefore))
          .as("a connection from before the swap is routed anew")
          .isEqualTo("10.0.0.2");
    }
  }

  @Test
  void newAddressesAreBoundAndUnusedOnesClosed() throws Exception {
    start(block("example.", new FixedAnswer("10.0.0.1"), LOOPBACK_ANY_PORT));
    InetSocketAddress first = server.addresses().get(0).socketAddress();
    ListenAddress other =
        new ListenAddress(InetAddress.getLoopbackAddress(), FreePorts.udpAndTcp());

    server.reconfigure(List.of(block("example.", new FixedAnswer("10.0.0.3"), other)));

    assertThat(server.addresses()).containsExactly(other);
    assertThat(answer(DnsClient.udp(other.socketAddress()))).isEqualTo("10.0.0.3");
    assertThatThrownBy(() -> DnsClient.tcp(first).query("www.example.", Type.A))
        .as("the address no block names is closed")
        .isInstanceOf(IOException.class);
  }

  @Test
  void anAddressThatCannotBeBoundChangesNothing() throws Exception {
    start(block("example.", new FixedAnswer("10.0.0.1"), LOOPBACK_ANY_PORT));
    InetSocketAddress address = server.addresses().get(0).socketAddress();
    int taken = FreePorts.udpAndTcp();
    try (ServerSocket tcp = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress());
        DatagramSocket udp = new DatagramSocket(FreePorts.loopback(taken))) {
      ListenAddress busy = new ListenAddress(InetAddress.getLoopbackAddress(), taken);
      assertThatThrownBy(
              () ->
                  server.reconfigure(
                      List.of(
                          block("example.", new FixedAnswer("10.0.0.9"), LOOPBACK_ANY_PORT),
                          block("example.", new FixedAnswer("10.0.0.9"), busy))))
          .isInstanceOf(DnsListener.BindException.class)
          .hasMessageContaining("127.0.0.1:" + taken);
    }
    assertThat(server.addresses())
        .extracting(ListenAddress::socketAddress)
        .containsExactly(address);
    assertThat(answer(DnsClient.udp(address))).as("the old routing stays").isEqualTo("10.0.0.1");
  }

  private static ServerBlock block(String zone, DnsHandler chain, ListenAddress address) {
    return new ServerBlock(List.of(zone), chain, List.of(address));
  }

  private static String answer(DnsClient client) throws IOException {
    Message response = client.query("www.example.", Type.A);
    return response.getSection(Section.ANSWER).get(0).rdataToString();
  }

  private static String answerOver(Socket socket) throws IOException {
    byte[] query = DnsClient.newQuery("www.example.", Type.A).toWire();
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeShort(query.length);
    out.write(query);
    out.flush();
    socket.setSoTimeout((int) DnsClient.DEFAULT_TIMEOUT.toMillis());
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] response = new byte[in.readUnsignedShort()];
    in.readFully(response);
    return new Message(response).getSection(Section.ANSWER).get(0).rdataToString();
  }

  /** Answers every query with one A record: tells which chain served it. */
  private record FixedAnswer(String ip) implements DnsHandler {
    @Override
    public String name() {
      return "fixed " + ip;
    }

    @Override
    public CompletionStage<DnsResponse> serve(Request request) {
      try {
        Message m = new Message(request.query().wire());
        m.getHeader().setFlag(Flags.QR);
        m.addRecord(
            new ARecord(m.getQuestion().getName(), 1, 30, InetAddress.getByName(ip)),
            Section.ANSWER);
        byte[] wire =
            ResponseRenderer.render(
                ResponseCanonicalizer.canonicalize(m.toWire()),
                request.query(),
                ResponseRenderer.KEEP_TTLS);
        return CompletableFuture.completedFuture(new DnsResponse(wire));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
