package io.nodelocaldns.runtime.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The UDP and TCP sockets of one {@link ListenAddress}. With epoll, one UDP socket per event loop
 * shares the port through SO_REUSEPORT so the kernel spreads queries over every core. A wildcard
 * listener also has UDP sockets on each of the machine's addresses ({@link LocalAddressSockets}),
 * so its answers leave from the address the query was sent to.
 */
public final class DnsListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DnsListener.class.getName());

  /** RFC 7766 suggests servers close idle connections after some seconds; CoreDNS uses 10 s. */
  public static final Duration TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);

  private static final int EPHEMERAL_BIND_ATTEMPTS = 20;

  /**
   * The largest UDP query read whole (Netty's default datagram buffer): a query is a header, one
   * question and an OPT record, far below it; a longer datagram is cut and answered FORMERR.
   */
  static final int MAX_UDP_QUERY = 2048;

  /**
   * Datagrams read per system call when the transport can batch (epoll's recvmmsg). 8 x 2 KiB is
   * Netty's largest pooled size class: with the small heap of jvm.options Netty's allocator runs in
   * its low-memory mode, where a larger read buffer would be a fresh, zeroed allocation per read.
   */
  static final int UDP_BATCH = 8;

  private final List<Channel> channels = new ArrayList<>();

  /** Accepted TCP connections: closing the listening socket leaves them open. */
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  private final ListenAddress requested;
  private final QueryProcessor processor;
  private ListenAddress bound;

  /** A wildcard's sockets on single addresses; null for other listeners, and without epoll. */
  private LocalAddressSockets local;

  private DnsListener(ListenAddress requested, QueryProcessor processor) {
    this.requested = requested;
    this.processor = processor;
  }

  /**
   * Binds UDP and TCP on {@code address}; port 0 picks a free port, the same for both. An IPv6
   * address still in duplicate address detection is waited for ({@link TentativeAddressWait}).
   *
   * @throws BindException naming the address and protocol when a socket cannot be bound
   */
  public static DnsListener bind(
      ListenAddress address,
      NettyTransport transport,
      EventLoopGroup group,
      int udpSockets,
      QueryProcessor processor) {
    TentativeAddressWait wait = new TentativeAddressWait(address.address(), address.label());
    while (true) {
      try {
        return bindOnce(address, transport, group, udpSockets, processor);
      } catch (BindException e) {
        if (!wait.retryAfterPause()) {
          throw wait.reason().map(e::because).orElse(e);
        }
      }
    }
  }

  private static DnsListener bindOnce(
      ListenAddress address,
      NettyTransport transport,
      EventLoopGroup group,
      int udpSockets,
      QueryProcessor processor) {
    // with port 0 the UDP port the kernel picks may be taken for TCP: pick again
    int attempts = address.port() == 0 ? EPHEMERAL_BIND_ATTEMPTS : 1;
    for (int attempt = 1; ; attempt++) {
      DnsListener listener = new DnsListener(address, processor);
      try {
        listener.bindAll(transport, group, udpSockets, processor);
        return listener;
      } catch (RuntimeException e) {
        listener.close();
        if (attempt >= attempts) {
          throw e;
        }
      }
    }
  }

  private void bindAll(
      NettyTransport transport, EventLoopGroup group, int udpSockets, QueryProcessor processor) {
    Bootstrap udp =
        new Bootstrap()
            .group(group)
            .channel(transport.datagramChannel())
            .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new UdpQueryHandler(processor));
                  }
                });
    if (transport.supportsReusePort()) {
      udp.option(EpollChannelOption.SO_REUSEPORT, true);
      // recvmmsg: up to UDP_BATCH datagrams per system call, each in its own MAX_UDP_QUERY slot
      udp.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY)
          .option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(MAX_UDP_QUERY * UDP_BATCH));
    }
    Channel first = bindChannel(udp.bind(firstUdpAddress(transport)), "udp", requested);
    int port = ((InetSocketAddress) first.localAddress()).getPort();
    bound = new ListenAddress(requested.address(), port);
    int sockets = transport.supportsReusePort() ? udpSockets : 1;
    for (int i = 1; i < sockets; i++) {
      bindChannel(udp.bind(bound.socketAddress()), "udp", bound);
    }
    if (wildcard()) {
      if (transport.supportsReusePort()) {
        local = new LocalAddressSockets(udp, bound, sockets);
      } else {
        LOG.warning(
            () ->
                bound.label()
                    + ": the "
                    + transport.name()
                    + " transport cannot bind the machine's addresses beside the wildcard"
                    + " (SO_REUSEPORT): UDP answers leave from the address the route picks, not"
                    + " always the one the query was sent to, and clients drop those; bind the"
                    + " addresses by name instead");
      }
    }

    ServerBootstrap tcp =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new TcpChannelInitializer(
                    processor, connections, bound.label(), processor.events()));
    if (transport.supportsReusePort()) {
      tcp.option(EpollChannelOption.SO_REUSEPORT, true);
    }
    bindChannel(tcp.bind(bound.socketAddress()), "tcp", bound);
  }

  /**
   * Where the first UDP socket binds. Linux may give a port-0 socket with SO_REUSEPORT a port that
   * another SO_REUSEPORT socket of the same user already holds (it passes over only the ports it
   * could not share), and the listener would then take a share of that socket's datagrams. A probe
   * without SO_REUSEPORT is given only a port no socket holds, so it picks the port.
   */
  private InetSocketAddress firstUdpAddress(NettyTransport transport) {
    if (requested.port() != 0 || !transport.supportsReusePort()) {
      return requested.socketAddress();
    }
    try (DatagramSocket probe = new DatagramSocket(requested.socketAddress())) {
      return new InetSocketAddress(requested.address(), probe.getLocalPort());
    } catch (IOException e) {
      return requested.socketAddress(); // the listener's own bind then says what is wrong
    }
  }

  private Channel bindChannel(ChannelFuture future, String protocol, ListenAddress address) {
    future.awaitUninterruptibly();
    if (!future.isSuccess()) {
      throw new BindException(protocol, address, future.cause());
    }
    channels.add(future.channel());
    return future.channel();
  }

  /** True if it listens on every address (0.0.0.0 or ::). */
  boolean wildcard() {
    return requested.address().isAnyLocalAddress();
  }

  /**
   * A wildcard listener's UDP sockets on single addresses follow {@code addresses} (see {@link
   * LocalAddressSockets}); other listeners ignore it.
   */
  void follow(Set<InetAddress> addresses) {
    if (local != null) {
      local.follow(addresses);
    }
  }

  /** The addresses a wildcard listener has UDP sockets on, besides the wildcard. */
  Set<InetAddress> localAddresses() {
    return local == null ? Set.of() : local.addresses();
  }

  /** What this listener's packets go through; its routing can be swapped. */
  QueryProcessor processor() {
    return processor;
  }

  /** The address actually bound (the real port when 0 was asked for). */
  public ListenAddress address() {
    return bound;
  }

  /**
   * Takes no more queries: closes the UDP and listening TCP sockets and stops reading from accepted
   * connections, which stay open so answers to queries in flight still reach their clients.
   */
  void stopTaking() {
    if (local != null) {
      local.close();
    }
    for (Channel channel : channels) {
      channel.close().awaitUninterruptibly();
    }
    channels.clear();
    connections.forEach(connection -> connection.config().setAutoRead(false));
  }

  @Override
  public void close() {
    stopTaking();
    connections.close().awaitUninterruptibly();
  }

  /** A socket that could not be bound, described the way operators know from CoreDNS. */
  public static final class BindException extends RuntimeException {
    BindException(String protocol, ListenAddress address, Throwable cause) {
      super(
          "listen "
              + protocol
              + " "
              + NetUtil.toSocketAddressString(address.socketAddress())
              + ": "
              + cause.getMessage(),
          cause);
    }

    private BindException(String message, Throwable cause) {
      super(message, cause);
    }

    /** This failure with why, when the machine says more than the socket did. */
    BindException because(String reason) {
      return new BindException(getMessage() + ": " + reason, getCause());
    }
  }
}
