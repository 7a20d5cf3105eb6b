package io.nodelocaldns.runtime.plugin;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The addresses of a network interface, by name; empty if there is no such interface. */
@FunctionalInterface
public interface InterfaceAddresses {
  Optional<List<InetAddress>> of(String name);

  /** The machine's interfaces ({@link NetworkInterface}; a local call, no DNS). */
  InterfaceAddresses SYSTEM =
      name -> {
        try {
          NetworkInterface nic = NetworkInterface.getByName(name);
          return nic == null
              ? Optional.empty()
              : Optional.of(Collections.list(nic.getInetAddresses()));
        } catch (SocketException e) {
          return Optional.empty();
        }
      };

  /**
   * Of an interface's {@code addresses}, those a socket is bound to by address: all but IPv6
   * link-local ones (a socket for them needs a zone), without the zone Java attaches to IPv6 ones,
   * so that they compare as written.
   */
  static List<InetAddress> listenable(Collection<InetAddress> addresses) {
    List<InetAddress> listenable = new ArrayList<>();
    for (InetAddress address : addresses) {
      if (!(address instanceof Inet6Address && address.isLinkLocalAddress())) {
        listenable.add(withoutZone(address));
      }
    }
    return listenable;
  }

  private static InetAddress withoutZone(InetAddress address) {
    try {
      return InetAddress.getByAddress(address.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }
}
