package io.nodelocaldns.runtime.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which of the machine's addresses each wildcard listener binds one by one on its port (see {@link
 * LocalAddressSockets}). A wildcard takes every address, IPv4 and IPv6: Netty binds 0.0.0.0 as it
 * binds ::, on a dual-stack socket, so either gets queries of both families. When an IPv4 and an
 * IPv6 wildcard share a port, each takes its own family. An address a listener binds by name stays
 * that listener's alone: a wildcard's socket on it would join the named one's SO_REUSEPORT group
 * and take part of its queries.
 */
final class WildcardAddresses {
  private WildcardAddresses() {}

  /**
   * @param listening every listener's address (bound, so with its real port), wildcards or not
   * @return by wildcard listener, the addresses it binds one by one
   */
  static Map<ListenAddress, Set<InetAddress>> assign(
      Collection<ListenAddress> listening, Set<InetAddress> local) {
    Map<ListenAddress, Set<InetAddress>> shares = new LinkedHashMap<>();
    for (ListenAddress wildcard : listening) {
      if (!wildcard.address().isAnyLocalAddress()) {
        continue;
      }
      Set<InetAddress> share = new LinkedHashSet<>();
      for (InetAddress address : local) {
        if (takes(wildcard, address, listening)
            && !listening.contains(new ListenAddress(address, wildcard.port()))) {
          share.add(address);
        }
      }
      shares.put(wildcard, share);
    }
    return shares;
  }

  private static boolean takes(
      ListenAddress wildcard, InetAddress address, Collection<ListenAddress> listening) {
    boolean sameFamily = isV4(wildcard.address()) == isV4(address);
    return sameFamily
        || listening.stream()
            .noneMatch(
                other ->
                    other.port() == wildcard.port()
                        && other.address().isAnyLocalAddress()
                        && isV4(other.address()) == isV4(address));
  }

  private static boolean isV4(InetAddress address) {
    return address instanceof Inet4Address;
  }
}
