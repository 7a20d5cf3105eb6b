package io.nodelocaldns.runtime.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** An address and port a set of server blocks is served on. */
public record ListenAddress(InetAddress address, int port) {
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address, port);
  }

  /** CoreDNS's way to name a server in logs and metrics: {@code dns://10.96.0.10:53}. */
  public String label() {
    return "dns://" + hostString() + ":" + port;
  }

  private String hostString() {
    String host = address.getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
