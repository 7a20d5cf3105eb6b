package io.nodelocaldns.runtime.upstream;

import java.net.InetSocketAddress;

/** Small helpers shared by the upstream classes. */
public final class Upstreams {
  private Upstreams() {}

  /**
   * An upstream as CoreDNS labels it ({@code to="127.0.0.1:53"}): the IP literal and the port,
   * never a host name, IPv6 in brackets.
   */
  public static String label(InetSocketAddress address) {
    String host = address.getAddress() != null
        ? address.getAddress().getHostAddress()
        : address.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
