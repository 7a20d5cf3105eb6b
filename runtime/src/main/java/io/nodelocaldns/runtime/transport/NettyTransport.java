package io.nodelocaldns.runtime.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport the runtime runs on: epoll where the native library loads (Linux), NIO
 * otherwise. One place decides, so listeners and upstream clients always match their event loops.
 */
public record NettyTransport(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends DatagramChannel> datagramChannel,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends Channel> socketChannel,
    boolean supportsReusePort) {

  /** Epoll when available, NIO otherwise. */
  public static NettyTransport best() {
    if (Epoll.isAvailable()) {
      return new NettyTransport(
          "epoll",
          EpollIoHandler.newFactory(),
          EpollDatagramChannel.class,
          EpollServerSocketChannel.class,
          EpollSocketChannel.class,
          true);
    }
    return nio();
  }

  public static NettyTransport nio() {
    return new NettyTransport(
        "nio",
        NioIoHandler.newFactory(),
        NioDatagramChannel.class,
        NioServerSocketChannel.class,
        NioSocketChannel.class,
        false);
  }

  /** A group of {@code threads} event loops whose threads are named {@code prefix-N}. */
  public EventLoopGroup newGroup(int threads, String prefix) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(prefix, true), ioHandlerFactory);
  }
}
