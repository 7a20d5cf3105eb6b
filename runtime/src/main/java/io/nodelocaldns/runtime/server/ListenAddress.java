package io.nodelocaldns.runtime.server;

import io.netty.util.NetUtil;
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
    // RFC 5952 form ("::1"), as Go prints addresses, not Java's "0:0:0:0:0:0:0:1"
    String host = NetUtil.toAddressString(address);
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
