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
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one query to an upstream over UDP and waits for its response.
 *
 * <p>Every exchange uses a new datagram socket with a kernel-chosen (random) source port, connected
 * to the upstream: the kernel then drops datagrams from any other address, and an ICMP port
 * unreachable surfaces as an error, so a server that is not running fails the exchange at once
 * instead of after the timeout. Datagrams whose ID or question do not match are dropped and the
 * wait goes on (they are late answers or forgeries); a matching but malformed response fails the
 * exchange. The socket is closed when the exchange ends.
 */
public final class UdpExchange {
  /**
   * Receive buffer per exchange. We advertise 1232 bytes; servers that still use the old 4096
   * default fit too, and a larger datagram is cut and then fails as malformed.
   */
  static final int MAX_RESPONSE_SIZE = 4096;

  private static final Logger LOG = Logger.getLogger(UdpExchange.class.getName());

  private final Bootstrap bootstrap;

  public UdpExchange(EventLoopGroup group, NettyTransport transport) {
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(transport.datagramChannel())
            .option(
                ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_RESPONSE_SIZE));
  }

  /**
   * Sends {@code query} (an {@link UpstreamQuery}, whose ID is replaced by a random one) and
   * completes with the canonical form of the matching response, or fails with an {@link
   * UpstreamException}.
   */
  public CompletableFuture<CanonicalResponse> exchange(
      InetSocketAddress upstream, DnsQuery query, Duration timeout) {
    CompletableFuture<CanonicalResponse> result = new CompletableFuture<>();
    int id = QueryIds.next();
    ResponseMatcher matcher = new ResponseMatcher(upstream, query, id, result);
    ChannelFuture connected = bootstrap.clone().handler(matcher).connect(upstream);
    Channel channel = connected.channel();
    result.whenComplete((response, failure) -> channel.close());
    connected.addListener(
        f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(failure(upstream, f.cause()));
            return;
          }
          ScheduledFuture<?> timer =
              channel
                  .eventLoop()
                  .schedule(
                      () ->
                          result.completeExceptionally(
                              new UpstreamException(
                                  UpstreamException.Kind.TIMEOUT,
                                  upstream,
                                  Transport.UDP,
                                  "no response within " + timeout.toMillis() + " ms")),
                      timeout.toNanos(),
                      TimeUnit.NANOSECONDS);
          result.whenComplete((response, failure) -> timer.cancel(false));
          channel
              .writeAndFlush(Unpooled.wrappedBuffer(UpstreamQuery.withId(query, id)))
              .addListener(
                  w -> {
                    if (!w.isSuccess()) {
                      result.completeExceptionally(failure(upstream, w.cause()));
                    }
                  });
        });
    return result;
  }

  static UpstreamException failure(InetSocketAddress upstream, Throwable cause) {
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

  /** Accepts the first datagram that answers our query; one instance per exchange. */
  private static final class ResponseMatcher extends ChannelInboundHandlerAdapter {
    private final InetSocketAddress upstream;
    private final DnsQuery query;
    private final int id;
    private final CompletableFuture<CanonicalResponse> result;

    ResponseMatcher(
        InetSocketAddress upstream,
        DnsQuery query,
        int id,
        CompletableFuture<CanonicalResponse> result) {
      this.upstream = upstream;
      this.query = query;
      this.id = id;
      this.result = result;
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
      if (result.isDone()) {
        return;
      }
      if (m.length < DnsFlags.HEADER_LENGTH || DnsFlags.id(m) != id) {
        LOG.log(Level.FINE, "dropped a datagram from {0} with a foreign ID", upstream);
        return;
      }
      CanonicalResponse response;
      try {
        response = ResponseCanonicalizer.canonicalize(m);
      } catch (MalformedMessageException e) {
        result.completeExceptionally(
            new UpstreamException(
                UpstreamException.Kind.MALFORMED,
                upstream,
                Transport.UDP,
                "malformed response: " + e.getMessage()));
        return;
      }
      if (!ResponseRenderer.answers(response, query)) {
        LOG.log(Level.FINE, "dropped a response from {0} to another question", upstream);
        return;
      }
      result.complete(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      result.completeExceptionally(failure(upstream, cause));
    }
  }
}
