package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 for servers that tests start. */
public final class FreePorts {
  private static final int ATTEMPTS = 50;

  private FreePorts() {}

  /**
   * A port free for both UDP and TCP on 127.0.0.1 right now (a DNS server needs both). Nothing
   * holds it afterwards: start the server soon. A port nobody then binds is also the way to get a
   * "connection refused" upstream.
   */
  public static int udpAndTcp() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    IOException last = null;
    for (int i = 0; i < ATTEMPTS; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, loopback);
          DatagramSocket udp =
              new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
        return udp.getLocalPort();
      } catch (IOException e) {
        last = e; // the UDP side was taken: try another
      }
    }
    throw new UncheckedIOException("no port free for both UDP and TCP", last);
  }

  /** 127.0.0.1:{@code port}. */
  public static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }
}
