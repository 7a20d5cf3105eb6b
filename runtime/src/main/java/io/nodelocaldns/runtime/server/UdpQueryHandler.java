package io.nodelocaldns.runtime.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.nodelocaldns.runtime.plugin.Transport;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Serves each datagram as one query; the answer goes back to the sender from the same socket. */
@Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger LOG = Logger.getLogger(UdpQueryHandler.class.getName());

  private final QueryProcessor processor;

  UdpQueryHandler(QueryProcessor processor) {
    this.processor = processor;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    // copied out so the pooled buffer is released at once; queries are small
    byte[] query = ByteBufUtil.getBytes(packet.content());
    processor.process(
        query,
        Transport.UDP,
        packet.sender(),
        packet.recipient(),
        answer -> {
          if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), packet.sender()));
          } else {
            // the socket is not keeping up: drop the answer (the client asks again) rather than
            // queue answers without bound
            processor.unsent(Transport.UDP, "udp send queue full");
          }
        });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // e.g. ICMP errors surfacing on the socket: never close a listener over one packet
    LOG.log(Level.FINE, "udp listener " + ctx.channel().localAddress() + ": " + cause);
  }
}
