package io.nodelocaldns.runtime.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.nodelocaldns.runtime.plugin.Transport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves each datagram as one query; the answer goes back to the sender from the same socket.
 *
 * <p>One instance per socket, used only on its event loop. Answers ready while a batch of datagrams
 * is read (cache hits) are queued and flushed once at the end of the batch, so the kernel gets them
 * in one {@code sendmmsg}; answers that come later (misses) are flushed at once.
 */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger LOG = Logger.getLogger(UdpQueryHandler.class.getName());

  private final QueryProcessor processor;

  /** True while {@link #channelRead0} runs: a reply then is part of the batch being read. */
  private boolean reading;

  private boolean unflushed;

  UdpQueryHandler(QueryProcessor processor) {
    this.processor = processor;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    // copied out so the pooled buffer is released at once; queries are small
    byte[] query = ByteBufUtil.getBytes(packet.content());
    reading = true;
    try {
      processor.process(
          query,
          Transport.UDP,
          packet.sender(),
          packet.recipient(),
          answer -> send(ctx, new DatagramPacket(directCopy(ctx, answer), packet.sender())));
    } finally {
      reading = false;
    }
  }

  /** The native transport sends from direct memory: copied once, into a pooled buffer. */
  private static ByteBuf directCopy(ChannelHandlerContext ctx, byte[] answer) {
    return ctx.alloc().directBuffer(answer.length).writeBytes(answer);
  }

  private void send(ChannelHandlerContext ctx, DatagramPacket answer) {
    if (!ctx.channel().isWritable()) {
      // the socket is not keeping up: drop the answer (the client asks again) rather than queue
      // answers without bound
      answer.release();
      processor.unsent(Transport.UDP, "udp send queue full");
    } else if (ctx.executor().inEventLoop() && reading) {
      ctx.write(answer, ctx.voidPromise());
      unflushed = true;
    } else {
      ctx.writeAndFlush(answer, ctx.voidPromise());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (unflushed) {
      unflushed = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // e.g. ICMP errors surfacing on the socket: never close a listener over one packet
    LOG.log(Level.FINE, "udp listener " + ctx.channel().localAddress() + ": " + cause);
  }
}
