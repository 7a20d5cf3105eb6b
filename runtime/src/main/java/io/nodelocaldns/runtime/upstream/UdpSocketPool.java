package io.nodelocaldns.runtime.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.MalformedMessageException;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * UDP queries to one upstream over a rotating pool of connected sockets.
 *
 * <p>Against an off-path attacker forging answers (the Kaminsky attack) a UDP query's entropy is
 * its source port and its message ID. Each socket here has a kernel-chosen (random) ephemeral port
 * and is replaced by a fresh one after {@link #QUERIES_PER_SOCKET} queries, each query picks one of
 * the event loop's {@link #SOCKETS_PER_LOOP} sockets at random and gets a random ID not in flight
 * on it: the port keeps moving, as with a socket per query, without a socket, a connect and an
 * epoll registration per query (which cost more than the rest of a miss). Each socket is connected
 * to the upstream, so the kernel drops datagrams from any other address and an ICMP port
 * unreachable fails its queries at once. A datagram whose ID is not in flight, or whose question is
 * not the query's, is dropped and the wait goes on (a late answer or a forgery); a matching but
 * malformed one fails its query.
 *
 * <p>Sockets live on the event loop that asks (the listener's, whose query it is): a socket and its
 * queries in flight are touched by that loop alone, without locks.
 */
public final class UdpSocketPool implements AutoCloseable {
  /**
   * Receive buffer per socket. We advertise 1232 bytes; servers that still use the old 4096 default
   * fit too, and a larger datagram is cut and then fails as malformed.
   */
  static final int MAX_RESPONSE_SIZE = 4096;

  /** Sockets each event loop keeps to the upstream at once. */
  static final int SOCKETS_PER_LOOP = 8;

  /** Queries a socket carries before a fresh one, on a new random port, takes its place. */
  static final int QUERIES_PER_SOCKET = 100;

  private static final Logger LOG = Logger.getLogger(UdpSocketPool.class.getName());

  private final InetSocketAddress upstream;
  private final Bootstrap bootstrap;
  private final EventLoopGroup group;
  private final PerLoop<LoopSockets> byLoop;
  private volatile boolean closed;

  public UdpSocketPool(EventLoopGroup group, NettyTransport transport, InetSocketAddress upstream) {
    this.group = group;
    this.upstream = upstream;
    this.byLoop = new PerLoop<>(group, LoopSockets::new);
    this.bootstrap =
        new Bootstrap()
            .channel(transport.datagramChannel())
            .option(
                ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_RESPONSE_SIZE));
  }

  /**
   * Sends {@code query} (an {@link UpstreamQuery}, whose ID is replaced by a random one) and
   * completes with the canonical form of the matching response, or fails with an {@link
   * UpstreamException}.
   */
  public CompletableFuture<CanonicalResponse> exchange(DnsQuery query, Duration timeout) {
    CompletableFuture<CanonicalResponse> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(failure(new IllegalStateException("upstream closed")));
      return result;
    }
    LoopSockets own = byLoop.callers();
    if (own != null) {
      own.send(query, timeout, result);
    } else {
      LoopSockets next = byLoop.of(group.next());
      next.loop.execute(() -> next.send(query, timeout, result));
    }
    return result;
  }

  /** Closes every socket; queries in flight fail. */
  @Override
  public void close() {
    closed = true;
    byLoop.closeEach(LoopSockets::close);
  }

  private UpstreamException failure(Throwable cause) {
    if (cause instanceof PortUnreachableException) {
      return new UpstreamException(
          UpstreamException.Kind.REFUSED,
          upstream,
          Transport.UDP,
          "connection refused (port unreachable)");
    }
    return new UpstreamException(
        UpstreamException.Kind.IO, upstream, Transport.UDP, String.valueOf(cause));
  }

  /** One event loop's sockets; used on that loop only. */
  private final class LoopSockets {
    private final EventLoop loop;
    private final PooledSocket[] sockets = new PooledSocket[SOCKETS_PER_LOOP];

    LoopSockets(EventLoop loop) {
      this.loop = loop;
    }

    void send(DnsQuery query, Duration timeout, CompletableFuture<CanonicalResponse> result) {
      if (closed) {
        result.completeExceptionally(failure(new IllegalStateException("upstream closed")));
        return;
      }
      // the socket by a secret draw too: which of the ports is used is part of the entropy
      int slot = QueryIds.next() % SOCKETS_PER_LOOP;
      PooledSocket socket = sockets[slot];
      if (socket == null || socket.retiring) {
        socket = new PooledSocket(loop);
        sockets[slot] = socket;
      }
      socket.send(query, timeout, result);
    }

    void close() {
      for (int i = 0; i < sockets.length; i++) {
        if (sockets[i] != null) {
          sockets[i].close(failure(new IllegalStateException("upstream closed")));
          sockets[i] = null;
        }
      }
    }
  }

  /** A query in flight on a socket. */
  private record Pending(
      DnsQuery query, CompletableFuture<CanonicalResponse> result, ScheduledFuture<?> timer) {}

  /**
   * One connected socket and its queries in flight, by message ID. Retires after {@link
   * #QUERIES_PER_SOCKET} queries (or an error) and closes once its last query is done.
   */
  private final class PooledSocket extends ChannelInboundHandlerAdapter {
    private final IntObjectHashMap<Pending> inFlight = new IntObjectHashMap<>();
    private final ChannelFuture connected;
    private int sent;
    private boolean retiring;

    PooledSocket(EventLoop loop) {
      this.connected = bootstrap.clone(loop).handler(this).connect(upstream);
    }

    void send(DnsQuery query, Duration timeout, CompletableFuture<CanonicalResponse> result) {
      int id = freeId();
      if (++sent >= QUERIES_PER_SOCKET) {
        retiring = true;
      }
      Channel channel = connected.channel();
      ScheduledFuture<?> timer =
          channel
              .eventLoop()
              .schedule(
                  () ->
                      finish(
                          id,
                          new UpstreamException(
                              UpstreamException.Kind.TIMEOUT,
                              upstream,
                              Transport.UDP,
                              "no response within " + timeout.toMillis() + " ms")),
                  timeout.toNanos(),
                  TimeUnit.NANOSECONDS);
      inFlight.put(id, new Pending(query, result, timer));
      byte[] wire = UpstreamQuery.withId(query, id);
      if (connected.isDone()) {
        write(id, wire);
      } else {
        connected.addListener(f -> write(id, wire));
      }
    }

    private void write(int id, byte[] wire) {
      if (!connected.isSuccess()) {
        finish(id, failure(connected.cause()));
        retire();
        return;
      }
      connected
          .channel()
          .writeAndFlush(Unpooled.wrappedBuffer(wire))
          .addListener(
              w -> {
                if (!w.isSuccess()) {
                  finish(id, failure(w.cause()));
                }
              });
    }

    /** A random ID not in flight on this socket. */
    private int freeId() {
      int id = QueryIds.next();
      while (inFlight.containsKey(id)) {
        id = QueryIds.next();
      }
      return id;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      byte[] m;
      try {
        ByteBuf content = msg instanceof DatagramPacket packet ? packet.content() : (ByteBuf) msg;
        m = ByteBufUtil.getBytes(content);
      } finally {
        ReferenceCountUtil.release(msg);
      }
      Pending pending = m.length < DnsFlags.HEADER_LENGTH ? null : inFlight.get(DnsFlags.id(m));
      if (pending == null) {
        LOG.log(Level.FINE, "dropped a datagram from {0} with a foreign ID", upstream);
        return;
      }
      CanonicalResponse response;
      try {
        response = ResponseCanonicalizer.canonicalize(m);
      } catch (MalformedMessageException e) {
        finish(
            DnsFlags.id(m),
            new UpstreamException(
                UpstreamException.Kind.MALFORMED,
                upstream,
                Transport.UDP,
                "malformed response: " + e.getMessage()));
        return;
      }
      if (!ResponseRenderer.answers(response, pending.query())) {
        LOG.log(Level.FINE, "dropped a response from {0} to another question", upstream);
        return;
      }
      inFlight.remove(DnsFlags.id(m));
      pending.timer().cancel(false);
      pending.result().complete(response);
      closeIfDone();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // an ICMP error on a connected socket: the upstream is not there, for every query on it
      close(failure(cause));
    }

    private void finish(int id, UpstreamException failure) {
      Pending pending = inFlight.remove(id);
      if (pending != null) {
        pending.timer().cancel(false);
        pending.result().completeExceptionally(failure);
      }
      closeIfDone();
    }

    private void retire() {
      retiring = true;
      closeIfDone();
    }

    private void closeIfDone() {
      if (retiring && inFlight.isEmpty()) {
        connected.channel().close();
      }
    }

    void close(UpstreamException failure) {
      retiring = true;
      List<Pending> all = new ArrayList<>(inFlight.values());
      inFlight.clear();
      for (Pending pending : all) {
        pending.timer().cancel(false);
        pending.result().completeExceptionally(failure);
      }
      connected.channel().close();
    }
  }
}
