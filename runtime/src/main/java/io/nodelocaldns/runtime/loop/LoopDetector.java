package io.nodelocaldns.runtime.loop;

import io.nodelocaldns.runtime.server.ListenAddress;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.Rcode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * Sends each {@link LoopHandler}'s probe to its own block, as CoreDNS's loop plugin does once the
 * server is up: an HINFO query over UDP to the block's first listen address (127.0.0.1 or ::1 for a
 * wildcard), so it runs through the block's cache, loop and forward handlers and leaves by the
 * block's own upstream transport. If it comes back to the block, the handler sees it again.
 *
 * <p>Each block is probed on its own virtual thread: until an answer other than SERVFAIL arrives
 * (the upstream resolved it: no loop), trying again {@link #RETRY_DELAY} after a SERVFAIL or
 * silence, for at most {@link #GIVE_UP_AFTER} (CoreDNS's 30 s). The handler is disabled {@link
 * #DISABLE_AFTER} later. Closing stops every probe at once; nothing waits for them.
 */
public final class LoopDetector implements AutoCloseable {
  static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

  /** As CoreDNS: late copies of the probe may still be on their way round. */
  static final Duration DISABLE_AFTER = Duration.ofSeconds(2);

  private static final Logger LOG = Logger.getLogger(LoopDetector.class.getName());
  private static final int MAX_RESPONSE = 65535;

  private final ScheduledExecutorService timer;

  /** Longer than a forward may take, so a SERVFAIL from a dead or looping upstream arrives. */
  private final Duration answerTimeout;

  private final CountDownLatch closed = new CountDownLatch(1);
  private final Set<DatagramSocket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger probing = new AtomicInteger();

  /**
   * @param timer schedules the retries
   * @param answerTimeout how long to wait for each probe's answer: longer than the chain's forward
   *     may take, so that the SERVFAIL of a dead or looping upstream arrives
   */
  public LoopDetector(ScheduledExecutorService timer, Duration answerTimeout) {
    this.timer = timer;
    this.answerTimeout = answerTimeout;
  }

  /** Starts probing through {@code handler}'s block, which listens (bound) on {@code listener}. */
  public void probe(LoopHandler handler, ListenAddress listener) {
    if (closed.getCount() == 0) {
      return;
    }
    probing.incrementAndGet();
    // a virtual thread: a hundred stub-domain blocks probe at once without a hundred OS threads
    Thread.ofVirtual()
        .name("loop-probe " + handler.zone())
        .start(
            () -> {
              try {
                run(handler, listener);
              } finally {
                probing.decrementAndGet();
                disableLater(handler);
              }
            });
  }

  /** Whether every probe has finished (answered, given up, or stopped). */
  public boolean idle() {
    return probing.get() == 0;
  }

  /** Stops every probe; their handlers are disabled. */
  @Override
  public void close() {
    closed.countDown();
    sockets.forEach(DatagramSocket::close); // ends a receive in progress
  }

  private void run(LoopHandler handler, ListenAddress listener) {
    InetSocketAddress target = target(listener);
    // from the probed address itself (loopback for a wildcard): the handler knows our queries by it
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(target.getAddress(), 0))) {
      sockets.add(socket);
      try {
        handler.probing(
            (InetSocketAddress) socket.getLocalSocketAddress(), coreDnsAddress(listener));
        probeUntilAnswered(handler, socket, target);
      } finally {
        sockets.remove(socket);
      }
    } catch (IOException e) {
      if (closed.getCount() > 0) {
        LOG.warning(() -> "plugin/loop: cannot probe " + target + ": " + e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void probeUntilAnswered(
      LoopHandler handler, DatagramSocket socket, InetSocketAddress target)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    while (closed.getCount() > 0 && !handler.loopDetected() && System.nanoTime() < deadline) {
      Optional<Integer> rcode = exchange(socket, target, handler.newProbeName());
      if (rcode.isPresent() && rcode.get() != Rcode.SERVFAIL) {
        return; // resolved upstream: no loop
      }
      if (closed.await(RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  /** Sends one probe; the answer's rcode, or empty if none came in time. */
  private Optional<Integer> exchange(DatagramSocket socket, InetSocketAddress target, String name)
      throws IOException {
    Message query;
    try {
      query =
          Message.newQuery(
              Record.newRecord(Name.fromString(name), LoopHandler.TYPE_HINFO, DClass.IN));
    } catch (TextParseException e) {
      throw new IllegalStateException("probe names are digits and a zone: " + name, e);
    }
    byte[] wire = query.toWire();
    int id = query.getHeader().getID();
    socket.send(new DatagramPacket(wire, wire.length, target));
    long deadline = System.nanoTime() + answerTimeout.toNanos();
    byte[] buffer = new byte[MAX_RESPONSE];
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return Optional.empty();
      }
      socket.setSoTimeout((int) left);
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      byte[] answer = Arrays.copyOf(buffer, packet.getLength());
      if (answer.length >= DnsFlags.HEADER_LENGTH
          && DnsFlags.id(answer) == id
          && (DnsFlags.flags(answer) & DnsFlags.QR) != 0) {
        return Optional.of(DnsFlags.rcode(answer));
      }
    }
  }

  private void disableLater(LoopHandler handler) {
    try {
      timer.schedule(handler::disable, DISABLE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      handler.disable(); // the runtime is closing
    }
  }

  /** Where to send: the listen address, or loopback of its family when it is a wildcard. */
  static InetSocketAddress target(ListenAddress listener) {
    InetAddress address = listener.address();
    if (address.isAnyLocalAddress()) {
      address = address instanceof Inet6Address ? loopbackV6() : InetAddress.getLoopbackAddress();
    }
    return new InetSocketAddress(address, listener.port());
  }

  /** {@code :PORT} for a wildcard, else {@code IP:PORT} ({@code [v6]:PORT}): Go's JoinHostPort. */
  static String coreDnsAddress(ListenAddress listener) {
    InetAddress address = listener.address();
    String host = address.isAnyLocalAddress() ? "" : address.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + listener.port();
  }

  private static InetAddress loopbackV6() {
    try {
      return InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError("a 16-byte address is always valid", e);
    }
  }
}
