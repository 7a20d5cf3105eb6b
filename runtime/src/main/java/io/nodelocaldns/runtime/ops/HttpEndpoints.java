package io.nodelocaldns.runtime.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The small HTTP servers of the operations directives ({@code prometheus}, {@code health}, {@code
 * ready}): one per address, shared by every directive and block that names that address, as CoreDNS
 * shares them. Paths are registered before {@link #start()}.
 */
public final class HttpEndpoints implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HttpEndpoints.class.getName());

  /** What an endpoint answers: a status, a content type and a body. */
  public record Reply(int status, String contentType, byte[] body) {
    public static Reply text(int status, String body) {
      return new Reply(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final Map<InetSocketAddress, Map<String, Supplier<Reply>>> routes = new LinkedHashMap<>();
  private final Map<InetSocketAddress, HttpServer> servers = new LinkedHashMap<>();
  private ExecutorService executor;

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

  /**
   * Binds every address that has paths.
   *
   * @throws UncheckedIOException naming the address when one cannot be bound
   */
  public synchronized void start() {
    executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "http-endpoints");
              thread.setDaemon(true);
              return thread;
            });
    routes.forEach(
        (address, paths) -> {
          HttpServer server;
          try {
            server = HttpServer.create(address, 16);
          } catch (IOException e) {
            close();
            throw new UncheckedIOException(
                "listen tcp " + goAddress(address) + ": " + e.getMessage(), e);
          }
          paths.forEach(
              (path, reply) ->
                  server.createContext(path, exchange -> respond(exchange, path, reply)));
          server.setExecutor(executor);
          server.start();
          servers.put(address, server);
        });
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
    HttpServer server = servers.get(requested);
    if (server == null) {
      throw new IllegalArgumentException("nothing is served on " + requested);
    }
    return server.getAddress();
  }

  private static void respond(HttpExchange exchange, String path, Supplier<Reply> supplier)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        // contexts match by prefix; only the exact path exists
        send(exchange, Reply.text(404, "404 page not found\n"));
        return;
      }
      Reply reply;
      try {
        reply = supplier.get();
      } catch (RuntimeException e) {
        LOG.warning("http " + path + ": " + e);
        reply = Reply.text(500, "internal error\n");
      }
      send(exchange, reply);
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(reply.status(), head ? -1 : reply.body().length);
    if (!head) {
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(reply.body());
      }
    }
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(server -> server.stop(0));
    servers.clear();
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
