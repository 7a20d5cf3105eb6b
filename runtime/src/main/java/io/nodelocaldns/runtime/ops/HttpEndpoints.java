package io.nodelocaldns.runtime.ops;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.nodelocaldns.runtime.server.ConnectionCap;
import io.nodelocaldns.runtime.server.ListenerEvents;
import io.nodelocaldns.runtime.server.MessageDeadline;
import io.nodelocaldns.runtime.server.TentativeAddressWait;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The small HTTP servers of the operations directives ({@code prometheus}, {@code health}, {@code
 * ready}): one per address, shared by every directive and block that names that address, as CoreDNS
 * shares them. Paths are registered before {@link #start()}. On Linux (epoll) the listening sockets
 * set SO_REUSEPORT, as the DNS listeners do, so a successor agent started during a rolling restart
 * binds the same health, ready and metrics ports while its predecessor still drains.
 */
public final class HttpEndpoints implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HttpEndpoints.class.getName());

  private static final int MAX_REQUEST_BYTES = 8192;

  /**
   * Connections one address holds; beyond it the oldest is closed. Kubelet probes and a Prometheus
   * scrape or two use a handful: hundreds are only ever a flood.
   */
  static final int MAX_CONNECTIONS = 256;

  /**
   * Each request must arrive whole within this of the connection or of the request before it; a
   * kept-alive connection idle for longer is closed (clients reconnect).
   */
  static final Duration REQUEST_WITHIN = Duration.ofSeconds(10);

  /** What an endpoint answers: a status, a content type and a body. */
  public record Reply(int status, String contentType, byte[] body) {
    public static Reply text(int status, String body) {
      return new Reply(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final Map<InetSocketAddress, Map<String, Supplier<Reply>>> routes = new LinkedHashMap<>();
  private final Map<InetSocketAddress, Channel> servers = new LinkedHashMap<>();
  private final NettyTransport transport;
  private EventLoopGroup group;

  public HttpEndpoints() {
    this(NettyTransport.best());
  }

  HttpEndpoints(NettyTransport transport) {
    this.transport = transport;
  }

  /**
   * Serves {@code path} on {@code address} with {@code reply}, called per request.
   *
   * @throws IllegalArgumentException if that path is already served on that address
   */
  public synchronized void register(InetSocketAddress address, String path, Supplier<Reply> reply) {
    Supplier<Reply> previous =
        routes.computeIfAbsent(address, a -> new LinkedHashMap<>()).putIfAbsent(path, reply);
    if (previous != null) {
      throw new IllegalArgumentException(path + " is already served on " + address);
    }
  }

  /** As {@link #start(ListenerEvents)}, reporting closed connections to the log only. */
  public synchronized void start() {
    start(ListenerEvents.LOGGING);
  }

  /**
   * Binds every address that has paths.
   *
   * @param events told of connections closed for the cap or a deadline
   * @throws UncheckedIOException naming the address when one cannot be bound
   */
  public synchronized void start(ListenerEvents events) {
    group = transport.newGroup(1, "http-endpoints");
    for (Map.Entry<InetSocketAddress, Map<String, Supplier<Reply>>> route : routes.entrySet()) {
      InetSocketAddress address = route.getKey();
      Map<String, Supplier<Reply>> paths = Map.copyOf(route.getValue());
      String listener = "http://" + goAddress(address);
      ConnectionCap cap = new ConnectionCap(MAX_CONNECTIONS, listener, events);
      ServerBootstrap bootstrap =
          new ServerBootstrap()
              .group(group)
              .channel(transport.serverChannel())
              .childHandler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                      channel
                          .pipeline()
                          .addLast(cap)
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                          .addLast(
                              new MessageDeadline(REQUEST_WITHIN, REQUEST_WITHIN, listener, events))
                          .addLast(new Responder(paths));
                    }
                  });
      bootstrap.option(ChannelOption.SO_BACKLOG, 128);
      if (transport.supportsReusePort()) {
        bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
      }
      servers.put(address, bind(bootstrap, address));
    }
  }

  private Channel bind(ServerBootstrap bootstrap, InetSocketAddress address) {
    TentativeAddressWait wait =
        new TentativeAddressWait(address.getAddress(), "http://" + goAddress(address));
    while (true) {
      try {
        return bootstrap.bind(address).syncUninterruptibly().channel();
      } catch (Exception e) { // Netty rethrows the bind's checked IOException as is
        if (wait.retryAfterPause()) {
          continue;
        }
        close();
        throw new UncheckedIOException(
            "listen tcp "
                + goAddress(address)
                + ": "
                + e.getMessage()
                + wait.reason().map(reason -> ": " + reason).orElse(""),
            e instanceof IOException io ? io : new SocketException(e.toString()));
      }
    }
  }

  /**
   * {@code 127.0.0.1:8080}, {@code [::1]:8080}, or {@code :8080} for every address, as Go names it.
   */
  private static String goAddress(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host = ip == null || ip.isAnyLocalAddress() ? "" : ip.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** The address actually bound for {@code requested} (the real port when 0 was asked for). */
  public synchronized InetSocketAddress boundAddress(InetSocketAddress requested) {
    Channel server = servers.get(requested);
    if (server == null) {
      throw new IllegalArgumentException("nothing is served on " + requested);
    }
    return (InetSocketAddress) server.localAddress();
  }

  /** Answers the exact registered paths, 404 otherwise; one request at a time per connection. */
  private static final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Map<String, Supplier<Reply>> paths;

    Responder(Map<String, Supplier<Reply>> paths) {
      this.paths = paths;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
      String path = new QueryStringDecoder(request.uri()).path();
      Supplier<Reply> supplier = paths.get(path);
      Reply reply;
      if (!request.decoderResult().isSuccess()) {
        reply = Reply.text(400, "400 bad request\n");
      } else if (supplier == null) {
        reply = Reply.text(404, "404 page not found\n");
      } else {
        try {
          reply = supplier.get();
        } catch (RuntimeException e) {
          LOG.warning("http " + path + ": " + e);
          reply = Reply.text(500, "internal error\n");
        }
      }
      boolean head = HttpMethod.HEAD.equals(request.method());
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(reply.status()),
              head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
      boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
      HttpUtil.setKeepAlive(response, keepAlive);
      var written = context.writeAndFlush(response);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close();
    }
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(server -> server.close().syncUninterruptibly());
    servers.clear();
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
  }
}
