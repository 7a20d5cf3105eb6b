package io.nodelocaldns.runtime.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.MalformedMessageException;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One long-lived TCP connection to an upstream carrying many queries at once (RFC 7766 pipelining):
 * each query gets an ID unique on this connection, responses are matched by ID and question in
 * whatever order they come. The connection closes itself after {@code expire} without traffic; when
 * it closes, every query still waiting on it fails with {@link UpstreamException.Kind#CLOSED}, so
 * callers can try elsewhere.
 *
 * <p>All state is confined to the channel's event loop, and {@link TcpConnectionPool} calls it
 * there only; {@link #exchange} called from another thread hands the query over to the loop, the
 * other public methods may be called from any thread.
 */
public final class TcpUpstreamConnection {
  /**
   * Most queries waiting on one connection. A quarter of the ID space, so a random free ID is found
   * in one or two draws.
   */
  static final int MAX_IN_FLIGHT = 1 << 14;

  /** Largest DNS message, and so the largest frame, over TCP. */
  private static final int MAX_MESSAGE = 0xFFFF;

  private static final int LENGTH_PREFIX = 2;

  /** Most queries whose flush waits for the end of the event loop's batch. */
  private static final int MAX_FLUSHES_HELD = 256;

  private static final Logger LOG = Logger.getLogger(TcpUpstreamConnection.class.getName());

  private final InetSocketAddress upstream;
  private final Map<Integer, Pending> inFlight = new HashMap<>();

  /**
   * Set on the event loop as the channel registers, before {@link #open}'s future completes: every
   * thread gets this object through that future, which orders the write before its reads.
   */
  private Channel channel;

  /** {@link System#nanoTime()} of the last response read; event loop only. */
  private long lastReadNanos;

  private TcpUpstreamConnection(InetSocketAddress upstream) {
    this.upstream = upstream;
  }

  /**
   * Connects to {@code upstream} on {@code loop}, where the connection then lives; fails with an
   * {@link UpstreamException} if it cannot.
   */
  static CompletableFuture<TcpUpstreamConnection> open(
      Bootstrap base,
      EventLoop loop,
      InetSocketAddress upstream,
      Duration expire,
      Duration connectTimeout) {
    TcpUpstreamConnection connection = new TcpUpstreamConnection(upstream);
    CompletableFuture<TcpUpstreamConnection> result = new CompletableFuture<>();
    base.clone(loop)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
        .handler(new Initializer(connection, expire))
        .connect(upstream)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                result.complete(connection);
              } else {
                result.completeExceptionally(connectFailure(upstream, f.cause(), connectTimeout));
              }
            });
    return result;
  }

  /** Whether the connection is open and can take queries. */
  public boolean isActive() {
    return channel.isActive();
  }

  public InetSocketAddress upstream() {
    return upstream;
  }

  /** Closes the connection; waiting queries fail. */
  public void close() {
    channel.close();
  }

  /**
   * Sends {@code query} (an {@link UpstreamQuery}) under a fresh ID and completes with the
   * canonical form of its response, or fails with an {@link UpstreamException}.
   */
  public CompletableFuture<CanonicalResponse> exchange(DnsQuery query, Duration timeout) {
    CompletableFuture<CanonicalResponse> result = new CompletableFuture<>();
    EventLoop loop = channel.eventLoop();
    if (loop.inEventLoop()) {
      send(query, timeout, result);
    } else {
      loop.execute(() -> send(query, timeout, result));
    }
    return result;
  }

  private void send(DnsQuery query, Duration timeout, CompletableFuture<CanonicalResponse> result) {
    if (!channel.isActive()) {
      result.completeExceptionally(failure(UpstreamException.Kind.CLOSED, "connection closed"));
      return;
    }
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      result.completeExceptionally(
          failure(
              UpstreamException.Kind.OVERLOADED,
              inFlight.size() + " queries in flight on the connection"));
      return;
    }
    int id = QueryIds.next();
    while (inFlight.containsKey(id)) {
      id = QueryIds.next();
    }
    int key = id;
    long sentNanos = System.nanoTime();
    ScheduledFuture<?> timer =
        channel
            .eventLoop()
            .schedule(() -> timedOut(key, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
    inFlight.put(key, new Pending(query, result, timer, sentNanos));
    channel
        .writeAndFlush(Unpooled.wrappedBuffer(UpstreamQuery.withId(query, id)))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                complete(
                    key,
                    null,
                    failure(UpstreamException.Kind.CLOSED, "write failed: " + f.cause()));
              }
            });
  }

  private void timedOut(int id, Duration timeout) {
    Pending pending = inFlight.get(id);
    if (pending == null) {
      return;
    }
    complete(
        id,
        null,
        failure(
            UpstreamException.Kind.TIMEOUT, "no response within " + timeout.toMillis() + " ms"));
    if (lastReadNanos - pending.sentNanos() < 0) {
      // nothing at all came back since this query went out: the connection is presumably dead
      // (upstream hung, state lost in between). A live connection that is merely slow for one
      // query stays open for the others.
      channel.close();
    }
  }

  private void received(byte[] m) {
    lastReadNanos = System.nanoTime();
    if (m.length < DnsFlags.HEADER_LENGTH || !inFlight.containsKey(DnsFlags.id(m))) {
      LOG.log(Level.FINE, "dropped a response from {0} with an unknown ID", upstream);
      return;
    }
    int id = DnsFlags.id(m);
    CanonicalResponse response;
    try {
      response = ResponseCanonicalizer.canonicalize(m);
    } catch (MalformedMessageException e) {
      complete(
          id,
          null,
          failure(UpstreamException.Kind.MALFORMED, "malformed response: " + e.getMessage()));
      return;
    }
    if (!ResponseRenderer.answers(response, inFlight.get(id).query())) {
      // no off-path forgery gets into a TCP stream: an answer to another question is a broken
      // upstream
      complete(id, null, failure(UpstreamException.Kind.MALFORMED, "response to another question"));
      return;
    }
    complete(id, response, null);
  }

  private void closed() {
    List<Integer> ids = new ArrayList<>(inFlight.keySet());
    for (int id : ids) {
      complete(
          id,
          null,
          failure(UpstreamException.Kind.CLOSED, "connection closed before the response"));
    }
  }

  private void idle() {
    if (inFlight.isEmpty()) {
      channel.close();
    }
  }

  private void complete(int id, CanonicalResponse response, UpstreamException failure) {
    Pending pending = inFlight.remove(id);
    if (pending == null) {
      return;
    }
    pending.timer().cancel(false);
    if (failure != null) {
      pending.result().completeExceptionally(failure);
    } else {
      pending.result().complete(response);
    }
  }

  private UpstreamException failure(UpstreamException.Kind kind, String detail) {
    return new UpstreamException(kind, upstream, Transport.TCP, detail);
  }

  private static UpstreamException connectFailure(
      InetSocketAddress upstream, Throwable cause, Duration connectTimeout) {
    if (cause instanceof ConnectTimeoutException) {
      return new UpstreamException(
          UpstreamException.Kind.TIMEOUT,
          upstream,
          Transport.TCP,
          "no connection within " + connectTimeout.toMillis() + " ms");
    }
    if (cause instanceof ConnectException) {
      return new UpstreamException(
          UpstreamException.Kind.REFUSED, upstream, Transport.TCP, "connection refused");
    }
    return new UpstreamException(
        UpstreamException.Kind.IO, upstream, Transport.TCP, String.valueOf(cause));
  }

  private record Pending(
      DnsQuery query,
      CompletableFuture<CanonicalResponse> result,
      ScheduledFuture<?> timer,
      long sentNanos) {}

  /**
   * Builds the pipeline: flushes held to the end of the event loop's batch, 2-byte length framing
   * both ways, idle expiry, response matching.
   */
  private static final class Initializer extends ChannelInitializer<Channel> {
    private final TcpUpstreamConnection connection;
    private final Duration expire;

    Initializer(TcpUpstreamConnection connection, Duration expire) {
      this.connection = connection;
      this.expire = expire;
    }

    @Override
    protected void initChannel(Channel ch) {
      connection.channel = ch;
      ch.pipeline()
          .addLast(
              // the queries one batch of client datagrams brings go out in one write, not one
              // syscall (and one wake-up of the upstream) each; sent by the end of the batch
              new FlushConsolidationHandler(MAX_FLUSHES_HELD, true),
              new LengthFieldBasedFrameDecoder(
                  MAX_MESSAGE + LENGTH_PREFIX, 0, LENGTH_PREFIX, 0, LENGTH_PREFIX),
              new LengthFieldPrepender(LENGTH_PREFIX),
              new IdleStateHandler(0, 0, Math.max(1, expire.toMillis()), TimeUnit.MILLISECONDS),
              new ResponseHandler(connection));
    }
  }

  /** Hands frames, idleness and closure to the connection. */
  private static final class ResponseHandler extends ChannelInboundHandlerAdapter {
    private final TcpUpstreamConnection connection;

    ResponseHandler(TcpUpstreamConnection connection) {
      this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      byte[] m;
      try {
        m = ByteBufUtil.getBytes((ByteBuf) msg);
      } finally {
        ReferenceCountUtil.release(msg);
      }
      connection.received(m);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        connection.idle();
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      connection.closed();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.log(
          Level.FINE,
          "closing the connection to {0}: {1}",
          new Object[] {connection.upstream, cause});
      ctx.close();
    }
  }
}
