package io.nodelocaldns.runtime.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections that send the start of a message and never finish it: what a slow-client flood holds
 * open. Closed together.
 */
final class SlowClients implements AutoCloseable {
  private final List<Socket> sockets = new ArrayList<>();

  /** Opens {@code count} connections to {@code address}, each sending {@code start}. */
  static SlowClients open(InetSocketAddress address, int count, byte[] start) {
    SlowClients clients = new SlowClients();
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket();
        clients.sockets.add(socket);
        socket.connect(address, 5_000);
        socket.getOutputStream().write(start);
        socket.getOutputStream().flush();
      }
    } catch (IOException e) {
      clients.close();
      throw new UncheckedIOException(e);
    }
    return clients;
  }

  /**
   * Whether the server closed {@code socket}: a read sees the end of the stream (or a reset) at
   * once. The caller polls; an open connection answers a short read timeout.
   */
  static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(50);
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Override
  public void close() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a test's client socket: nothing to do
      }
    }
  }
}
