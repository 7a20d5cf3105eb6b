package io.nodelocaldns.runtime.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.time.Duration;

/**
 * The pipeline of an accepted TCP connection: the listener's connection cap, 2-byte length framing,
 * deadlines for whole messages, queries.
 */
final class TcpChannelInitializer extends ChannelInitializer<Channel> {
  /**
   * The longest query read over TCP: a header, one question and an OPT record are far below it.
   * Without a bound a client could make each connection buffer up to 64 KiB.
   */
  static final int MAX_TCP_QUERY = 4096;

  /** Connections one listener holds; beyond it the oldest is closed. */
  static final int MAX_CONNECTIONS = 1000;

  /**
   * The first query must arrive whole within this of the connection (CoreDNS's read timeout is 2 s;
   * a little more for a loaded node).
   */
  static final Duration FIRST_QUERY_WITHIN = Duration.ofSeconds(5);

  private final QueryProcessor processor;
  private final ChannelGroup connections;
  private final ConnectionCap cap;
  private final String listener;
  private final ListenerEvents events;

  TcpChannelInitializer(
      QueryProcessor processor, ChannelGroup connections, String listener, ListenerEvents events) {
    this.processor = processor;
    this.connections = connections;
    this.listener = listener;
    this.events = events;
    this.cap = new ConnectionCap(MAX_CONNECTIONS, listener, events);
  }

  @Override
  protected void initChannel(Channel ch) {
    connections.add(ch); // so a shutdown can stop reading from it, then close it
    ch.pipeline()
        .addLast(
            cap,
            new LengthFieldBasedFrameDecoder(MAX_TCP_QUERY + 2, 0, 2, 0, 2),
            new LengthFieldPrepender(2),
            // each next query within the idle timeout of the one before (RFC 7766 6.2.3)
            new MessageDeadline(FIRST_QUERY_WITHIN, DnsListener.TCP_IDLE_TIMEOUT, listener, events),
            new TcpQueryHandler(processor));
  }
}
