package io.nodelocaldns.runtime.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * A blocking DNS client for tests, over UDP or TCP, to a server on loopback. Queries are built and
 * answers parsed with dnsjava; {@link #exchange(byte[])} sends raw bytes for tests that need exact
 * control (IDs, letter case, EDNS). Over UDP, datagrams with another ID are skipped.
 */
public final class DnsClient {
  /** The default wait for an answer: generous, tests assert results, not timings. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The EDNS UDP size {@link #newQuery} advertises. */
  public static final int EDNS_UDP_SIZE = 1232;

  private static final int MAX_MESSAGE = 0xFFFF;

  private final InetSocketAddress server;
  private final boolean tcp;
  private final Duration timeout;

  private DnsClient(InetSocketAddress server, boolean tcp, Duration timeout) {
    this.server = server;
    this.tcp = tcp;
    this.timeout = timeout;
  }

  public static DnsClient udp(InetSocketAddress server) {
    return new DnsClient(server, false, DEFAULT_TIMEOUT);
  }

  public static DnsClient tcp(InetSocketAddress server) {
    return new DnsClient(server, true, DEFAULT_TIMEOUT);
  }

  public DnsClient withTimeout(Duration newTimeout) {
    return new DnsClient(server, tcp, newTimeout);
  }

  /** Asks {@code name} (made absolute) {@code type} IN with RD and EDNS. */
  public Message query(String name, int type) throws IOException {
    return send(newQuery(name, type));
  }

  public Message query(Name name, int type, int dclass) throws IOException {
    return send(newQuery(name, type, dclass));
  }

  /** Sends {@code query} and parses the answer. */
  public Message send(Message query) throws IOException {
    return new Message(exchange(query.toWire()));
  }

  /** Sends raw {@code query} bytes and returns the raw answer (over UDP, the one with its ID). */
  public byte[] exchange(byte[] query) throws IOException {
    return tcp ? exchangeTcp(query) : exchangeUdp(query);
  }

  /** A query for {@code name} {@code type} IN with RD set, a random ID and EDNS (1232 bytes). */
  public static Message newQuery(String name, int type) throws TextParseException {
    return newQuery(Name.fromString(name, Name.root), type, DClass.IN);
  }

  public static Message newQuery(Name name, int type, int dclass) {
    Message query = Message.newQuery(Record.newRecord(name, type, dclass));
    query.getHeader().setID(ThreadLocalRandom.current().nextInt(1 << 16));
    query.getHeader().setFlag(Flags.RD);
    query.addRecord(new OPTRecord(EDNS_UDP_SIZE, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
    return query;
  }

  private byte[] exchangeUdp(byte[] query) throws IOException {
    int id = ((query[0] & 0xFF) << 8) | (query[1] & 0xFF);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(server);
      socket.send(new DatagramPacket(query, query.length));
      byte[] buffer = new byte[MAX_MESSAGE];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException(
              "no answer from " + server + " within " + timeout.toMillis() + " ms");
        }
        socket.setSoTimeout((int) left);
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        if (packet.getLength() >= 2 && (((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF)) == id) {
          return java.util.Arrays.copyOf(buffer, packet.getLength());
        }
      }
    }
  }

  private byte[] exchangeTcp(byte[] query) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      return answer;
    }
  }
}
