package io.nodelocaldns.runtime.warm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rolling-restart hand-over: a running agent answers each connection to {@code handover.sock}
 * in its state directory with a snapshot of its cache, taken then; a successor connects once as it
 * starts. The socket file is owner-only in an owner-only directory on the node, so only root on the
 * node reaches it: nothing in a pod or on the network can ask for, or feed, a cache.
 */
final class Handover implements AutoCloseable {
  static final String SOCKET = "handover.sock";

  /**
   * A predecessor that does not answer within this is not waited for: the successor starts cold.
   */
  static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  private static final Logger LOG = Logger.getLogger(Handover.class.getName());

  private final ServerSocketChannel server;
  private final Thread acceptor;

  private Handover(ServerSocketChannel server, Supplier<byte[]> snapshot) {
    this.server = server;
    this.acceptor = Thread.ofVirtual().name("cache-handover").unstarted(() -> serve(snapshot));
  }

  /**
   * Answers hand-over requests from now on. A socket file left there (by the predecessor, which
   * keeps its open socket until it exits, or by a crashed agent) is replaced.
   */
  static Handover serve(Path directory, Supplier<byte[]> snapshot) throws IOException {
    Path path = directory.resolve(SOCKET);
    Files.deleteIfExists(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    Handover handover = new Handover(server, snapshot);
    handover.acceptor.start();
    return handover;
  }

  /**
   * The snapshot of the agent serving {@code directory}'s socket; empty when none answers (no
   * socket, a stale one, or no answer within {@link #ASK_TIMEOUT}).
   */
  static Optional<byte[]> ask(Path directory) {
    Path path = directory.resolve(SOCKET);
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      return Optional.empty(); // a socket file nobody listens on: the last agent crashed
    }
    FutureTask<byte[]> read = new FutureTask<>(() -> readAll(channel));
    Thread.ofVirtual().name("cache-handover-read").start(read);
    try {
      return Optional.of(read.get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      LOG.log(Level.WARNING, "warm restart: the running agent's hand-over failed: " + e);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      closeQuietly(channel);
    }
  }

  private static byte[] readAll(SocketChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (channel.read(buffer) >= 0) {
      buffer.flip();
      out.write(buffer.array(), 0, buffer.limit());
      buffer.clear();
      if (out.size() > SnapshotFormat.MAX_BYTES) {
        break; // the reader refuses it as oversized
      }
    }
    return out.toByteArray();
  }

  private void serve(Supplier<byte[]> snapshot) {
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        ByteBuffer bytes = ByteBuffer.wrap(snapshot.get());
        while (bytes.hasRemaining()) {
          client.write(bytes);
        }
      } catch (ClosedChannelException e) {
        return; // closed: shutting down
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "warm restart: a hand-over to a successor failed: " + e);
      }
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to do with it
    }
  }

  /** Stops answering; the socket file stays for a successor's own to replace. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    acceptor.interrupt();
  }
}
