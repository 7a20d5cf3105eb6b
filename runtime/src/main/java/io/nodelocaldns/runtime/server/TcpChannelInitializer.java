package io.nodelocaldns.runtime.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The pipeline of an accepted TCP connection: idle timeout, 2-byte length framing, queries. */
final class TcpChannelInitializer extends ChannelInitializer<Channel> {
  private static final int MAX_TCP_MESSAGE = 65535;

  private final QueryProcessor processor;
  private final ChannelGroup connections;

  TcpChannelInitializer(QueryProcessor processor, ChannelGroup connections) {
    this.processor = processor;
    this.connections = connections;
  }

  @Override
  protected void initChannel(Channel ch) {
    connections.add(ch); // so a shutdown can stop reading from it, then close it
    ch.pipeline()
        .addLast(
            new IdleStateHandler(
                0, 0, DnsListener.TCP_IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
            new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE + 2, 0, 2, 0, 2),
            new LengthFieldPrepender(2),
            new TcpQueryHandler(processor));
  }
}
