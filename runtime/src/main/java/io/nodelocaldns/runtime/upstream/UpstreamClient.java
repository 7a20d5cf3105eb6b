package io.nodelocaldns.runtime.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The Netty side of talking to upstreams: the event loops and channel types every exchange uses. It
 * owns nothing that needs closing (each upstream closes its own TCP and UDP pools); the event loop
 * group belongs to the caller.
 */
public final class UpstreamClient {
  private final EventLoopGroup group;
  private final NettyTransport transport;
  private final Bootstrap tcpBootstrap;

  public UpstreamClient(EventLoopGroup group, NettyTransport transport) {
    this.group = group;
    this.transport = transport;
    this.tcpBootstrap =
        new Bootstrap()
            .group(group)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true);
  }

  public EventLoopGroup group() {
    return group;
  }

  /** A new pool of UDP sockets to {@code upstream}; the caller closes it. */
  public UdpSocketPool udpPool(InetSocketAddress upstream) {
    return new UdpSocketPool(group, transport, upstream);
  }

  /**
   * A new pool of pipelined TCP connections to {@code upstream}, one per event loop; the caller
   * closes it.
   */
  public TcpConnectionPool tcpPool(InetSocketAddress upstream, Duration expire) {
    return new TcpConnectionPool(group, tcpBootstrap, upstream, expire);
  }
}
