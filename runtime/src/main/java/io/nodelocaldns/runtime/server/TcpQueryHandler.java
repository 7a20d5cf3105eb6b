package io.nodelocaldns.runtime.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.nodelocaldns.runtime.plugin.Transport;
import java.net.InetSocketAddress;
import java.util.logging.Logger;

/**
 * Serves the length-framed queries of one TCP connection (RFC 7766): several may be in flight at
 * once and each answer is written as soon as it is ready, in whatever order they complete.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger LOG = Logger.getLogger(TcpQueryHandler.class.getName());

  private final QueryProcessor processor;

  TcpQueryHandler(QueryProcessor processor) {
    this.processor = processor;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] query = ByteBufUtil.getBytes(frame);
    processor.process(
        query,
        Transport.TCP,
        (InetSocketAddress) ctx.channel().remoteAddress(),
        (InetSocketAddress) ctx.channel().localAddress(),
        answer -> {
          if (ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(answer));
          }
        });
  }

  /**
   * Reads no more queries while the answers already due are not being taken: a client that
   * pipelines queries and never reads would otherwise make its answers pile up here.
   */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a broken frame or a reset connection ends this connection only
    LOG.fine(() -> "tcp connection " + ctx.channel().remoteAddress() + " closed: " + cause);
    ctx.close();
  }
}
