package io.nodelocaldns.runtime.upstream;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Small helpers shared by the upstream classes. */
public final class Upstreams {
  private Upstreams() {}

  /**
   * An upstream as CoreDNS labels it ({@code to="127.0.0.1:53"}): the IP literal and the port,
   * never a host name, IPv6 compressed and in brackets.
   */
  public static String label(InetSocketAddress address) {
    String host =
        address.getAddress() != null ? ipString(address.getAddress()) : address.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** RFC 5952 form ({@code fd00::10}), as Go prints it, keeping an IPv6 scope ({@code %eth0}). */
  private static String ipString(InetAddress ip) {
    String text = ip.getHostAddress();
    int scope = text.indexOf('%');
    return NetUtil.toAddressString(ip) + (scope < 0 ? "" : text.substring(scope));
  }
}
