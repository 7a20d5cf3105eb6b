package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.xbill.DNS.Message;

/**
 * A UDP upstream on 127.0.0.1 that answers every query correctly ({@link FakeUpstream#answer}, one
 * A record) but only after a delay the query decides: an overloaded or far-away resolver, to make
 * overload deterministic. It counts how many queries it holds unanswered at once, which is how many
 * the runtime had in flight towards it.
 */
public final class SlowUpstream implements AutoCloseable {
  private final DatagramSocket socket;
  private final Function<Message, Duration> delay;
  private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
  private final Thread reader;
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger maxOutstanding = new AtomicInteger();

  private SlowUpstream(DatagramSocket socket, Function<Message, Duration> delay) {
    this.socket = socket;
    this.delay = delay;
    this.reader = Thread.ofPlatform().daemon().name("slow-upstream").start(this::serve);
  }

  /** Answers each query after {@code delay.apply(query)} ({@link Duration#ZERO}: at once). */
  public static SlowUpstream start(Function<Message, Duration> delay) {
    try {
      DatagramSocket socket =
          new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      socket.setReceiveBufferSize(4 << 20);
      return new SlowUpstream(socket, delay);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Queries received so far. */
  public int queries() {
    return received.get();
  }

  /** The most queries it held unanswered at one time. */
  public int maxOutstanding() {
    return maxOutstanding.get();
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    sender.shutdownNow();
    reader.join(5_000);
    sender.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void serve() {
    byte[] buffer = new byte[0xFFFF];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        received.incrementAndGet();
        Message query = new Message(Arrays.copyOf(buffer, packet.getLength()));
        byte[] answer = FakeUpstream.answer(query, "192.0.2.1");
        SocketAddress client = packet.getSocketAddress();
        maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
        sender.schedule(
            () -> send(answer, client), delay.apply(query).toNanos(), TimeUnit.NANOSECONDS);
      } catch (SocketException e) {
        return; // closed
      } catch (IOException e) {
        // an unparsable query: ignore it
      }
    }
  }

  private void send(byte[] answer, SocketAddress client) {
    outstanding.decrementAndGet();
    try {
      socket.send(new DatagramPacket(answer, answer.length, client));
    } catch (IOException e) {
      // closed, or the runtime's exchange socket is gone (it gave up): as a real server, move on
    }
  }
}
