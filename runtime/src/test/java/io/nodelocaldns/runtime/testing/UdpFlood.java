package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Sends many UDP queries from one socket as fast as it can — all at once, or with at most {@code
 * window} unanswered — and tallies the answers by rcode. Each query has its own ID, so every answer
 * is matched and a query without one is counted lost.
 */
public final class UdpFlood {
  private static final int MAX_QUERIES = 1 << 16;

  private UdpFlood() {}

  /**
   * What came back.
   *
   * @param sent queries sent
   * @param rcodes answers by rcode name ({@code NOERROR}, {@code REFUSED}, ...)
   * @param lost queries with no answer within the wait
   */
  public record Result(int sent, Map<String, Integer> rcodes, int lost) {
    public int count(int rcode) {
      return rcodes.getOrDefault(Rcode.string(rcode), 0);
    }
  }

  /**
   * Asks {@code names} (A) at {@code server}.
   *
   * @param window the most queries unanswered at a time; 0 for no limit (a burst)
   * @param wait how long to wait for the last answers once everything is sent
   */
  public static Result send(
      InetSocketAddress server, List<String> names, int window, Duration wait) {
    return send(server, names, Type.A, window, wait);
  }

  /** As {@link #send(InetSocketAddress, List, int, Duration)}, asking for {@code type}. */
  public static Result send(
      InetSocketAddress server, List<String> names, int type, int window, Duration wait) {
    if (names.size() > MAX_QUERIES) {
      throw new IllegalArgumentException("at most " + MAX_QUERIES + " queries, one per ID");
    }
    AtomicIntegerArray rcodes = new AtomicIntegerArray(names.size());
    for (int i = 0; i < names.size(); i++) {
      rcodes.set(i, -1);
    }
    Semaphore permits = new Semaphore(window > 0 ? window : Integer.MAX_VALUE);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setReceiveBufferSize(8 << 20);
      socket.connect(server);
      Thread receiver =
          Thread.ofPlatform()
              .daemon()
              .name("flood-receiver")
              .start(() -> receive(socket, rcodes, permits));
      for (int i = 0; i < names.size(); i++) {
        permits.acquireUninterruptibly();
        Message query = DnsClient.newQuery(names.get(i), type);
        query.getHeader().setID(i);
        byte[] wire = query.toWire();
        socket.send(new DatagramPacket(wire, wire.length));
      }
      long deadline = System.nanoTime() + wait.toNanos();
      while (unanswered(rcodes) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      socket.close();
      receiver.join(5_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Map<String, Integer> tally = new TreeMap<>();
    for (int i = 0; i < rcodes.length(); i++) {
      if (rcodes.get(i) >= 0) {
        tally.merge(Rcode.string(rcodes.get(i)), 1, Integer::sum);
      }
    }
    return new Result(names.size(), tally, unanswered(rcodes));
  }

  private static void receive(DatagramSocket socket, AtomicIntegerArray rcodes, Semaphore permits) {
    byte[] buffer = new byte[0xFFFF];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(200);
        socket.receive(packet);
        if (packet.getLength() < 12) {
          continue;
        }
        int id = ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
        if (id < rcodes.length() && rcodes.compareAndSet(id, -1, buffer[3] & 0x0F)) {
          permits.release();
        }
      } catch (SocketTimeoutException e) {
        // look at isClosed again
      } catch (SocketException e) {
        return; // closed
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static int unanswered(AtomicIntegerArray rcodes) {
    int n = 0;
    for (int i = 0; i < rcodes.length(); i++) {
      if (rcodes.get(i) < 0) {
        n++;
      }
    }
    return n;
  }
}
