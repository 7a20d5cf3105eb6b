package io.nodelocaldns.runtime.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A misbehaving upstream on 127.0.0.1, ONLY for faults a real server cannot be made to show on
 * demand: answers with a wrong ID or to another question, garbage, a connection closed mid-query,
 * or no answer at all; and for counting the TCP connections a client opens, which a real server
 * does not tell. Everything else is tested against {@link UnboundServer}.
 */
public final class FakeUpstream implements AutoCloseable {

  /**
   * What goes back for one query: the messages to send, in order (none: stay silent). Over TCP,
   * {@code null} closes the connection instead.
   */
  @FunctionalInterface
  public interface Responder {
    List<byte[]> respond(Message query) throws IOException;
  }

  private final InetSocketAddress address;
  private final List<Integer> sourcePorts = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<AutoCloseable> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger queries = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private FakeUpstream(InetSocketAddress address) {
    this.address = address;
  }

  /**
   * Bound over UDP and listening over TCP, but never reading a datagram nor accepting a connection:
   * queries vanish (the TCP handshake still completes, in the kernel's backlog).
   */
  public static FakeUpstream silent() {
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      DatagramSocket udp = null;
      try {
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServerSocket tcp = new ServerSocket();
        tcp.bind(FreePorts.loopback(udp.getLocalPort()), 50);
        FakeUpstream fake = new FakeUpstream(FreePorts.loopback(udp.getLocalPort()));
        fake.sockets.add(udp);
        fake.sockets.add(tcp);
        return fake;
      } catch (IOException e) {
        last = e; // the TCP side of that port was taken: try another
        if (udp != null) {
          udp.close();
        }
      }
    }
    throw new UncheckedIOException(last);
  }

  /**
   * As {@link #silent()}, on {@code port}: an upstream that was answering there and now drops
   * everything, as a blackholed or hung server does.
   */
  public static FakeUpstream silentOn(int port) {
    try {
      DatagramSocket udp = new DatagramSocket(FreePorts.loopback(port));
      ServerSocket tcp = new ServerSocket();
      tcp.setReuseAddress(true);
      try {
        tcp.bind(FreePorts.loopback(port), 50);
      } catch (IOException e) {
        udp.close();
        throw e;
      }
      FakeUpstream fake = new FakeUpstream(FreePorts.loopback(port));
      fake.sockets.add(udp);
      fake.sockets.add(tcp);
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A UDP server that sends back what {@code responder} returns for each query. */
  public static FakeUpstream udp(Responder responder) {
    try {
      DatagramSocket socket =
          new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      FakeUpstream fake = new FakeUpstream(FreePorts.loopback(socket.getLocalPort()));
      fake.sockets.add(socket);
      fake.startThread("fake-udp", () -> fake.serveUdp(socket, responder));
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TCP server that sends back what {@code responder} returns for each query on a connection. */
  public static FakeUpstream tcp(Responder responder) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      FakeUpstream fake = new FakeUpstream(FreePorts.loopback(server.getLocalPort()));
      fake.sockets.add(server);
      fake.startThread("fake-tcp", () -> fake.acceptTcp(server, responder));
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source port of every UDP query received, in order. */
  public List<Integer> sourcePorts() {
    return List.copyOf(sourcePorts);
  }

  public InetSocketAddress address() {
    return address;
  }

  /** Queries read so far. */
  public int queries() {
    return queries.get();
  }

  /** TCP connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** A correct answer to {@code query}: its ID and question, one A record {@code ip}, TTL 30. */
  public static byte[] answer(Message query, String ip) throws IOException {
    return answer(query, query.getQuestion().getName(), ip);
  }

  /** An answer with {@code query}'s ID but for the name {@code name} (another question). */
  public static byte[] answer(Message query, Name name, String ip) throws IOException {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    Record question = Record.newRecord(name, query.getQuestion().getType(), DClass.IN);
    response.addRecord(question, Section.QUESTION);
    response.addRecord(new ARecord(name, DClass.IN, 30, InetAddress.getByName(ip)), Section.ANSWER);
    return response.toWire();
  }

  /** A copy of {@code message} with ID {@code id}. */
  public static byte[] withId(byte[] message, int id) {
    byte[] copy = message.clone();
    copy[0] = (byte) (id >>> 8);
    copy[1] = (byte) id;
    return copy;
  }

  /** The name {@code name} as a dnsjava name (absolute). */
  public static Name name(String name) throws TextParseException {
    return Name.fromString(name, Name.root);
  }

  @Override
  public void close() {
    closed = true;
    for (AutoCloseable socket : sockets) {
      try {
        socket.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    for (Thread thread : threads) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void startThread(String name, Runnable body) {
    Thread thread = new Thread(body, name + "-" + address.getPort());
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private void serveUdp(DatagramSocket socket, Responder responder) {
    byte[] buffer = new byte[0xFFFF];
    while (!closed) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        queries.incrementAndGet();
        sourcePorts.add(packet.getPort());
        Message query = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
        List<byte[]> replies = responder.respond(query);
        for (byte[] reply : replies == null ? List.<byte[]>of() : replies) {
          socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        }
      } catch (SocketException e) {
        return; // closed
      } catch (IOException e) {
        // an unparsable query: ignore it
      }
    }
  }

  private void acceptTcp(ServerSocket server, Responder responder) {
    while (!closed) {
      try {
        Socket connection = server.accept();
        connections.incrementAndGet();
        sockets.add(connection);
        startThread("fake-tcp-conn", () -> serveTcp(connection, responder));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serveTcp(Socket connection, Responder responder) {
    try (connection) {
      DataInputStream in = new DataInputStream(connection.getInputStream());
      DataOutputStream out = new DataOutputStream(connection.getOutputStream());
      while (!closed) {
        byte[] query = new byte[in.readUnsignedShort()];
        in.readFully(query);
        queries.incrementAndGet();
        List<byte[]> replies = responder.respond(new Message(query));
        if (replies == null) {
          return;
        }
        for (byte[] reply : new ArrayList<>(replies)) {
          out.writeShort(reply.length);
          out.write(reply);
        }
        out.flush();
      }
    } catch (EOFException | SocketException e) {
      // the client or close() ended the connection
    } catch (IOException e) {
      // an unparsable query ends the connection
    }
  }
}
