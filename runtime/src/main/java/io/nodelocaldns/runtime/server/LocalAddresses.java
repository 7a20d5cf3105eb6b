package io.nodelocaldns.runtime.server;

import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The machine's addresses a wildcard listener also binds one by one ({@link LocalAddressSockets}):
 * those of every interface, but IPv6 link-local ones (a socket for them needs a zone, and pods do
 * not send DNS to them). Down interfaces count: the agent's link stays DOWN, as upstream's dummy
 * does, and its addresses are local all the same.
 */
@FunctionalInterface
interface LocalAddresses {
  /**
   * @throws UncheckedIOException if the interfaces cannot be listed
   */
  Set<InetAddress> scan();

  /** {@link NetworkInterface}: a local call (ioctl and /proc), ~50 us on a handful of links. */
  LocalAddresses SYSTEM =
      () -> {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        try {
          for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
              if (!(address instanceof Inet6Address && address.isLinkLocalAddress())) {
                addresses.add(withoutZone(address));
              }
            }
          }
        } catch (SocketException e) {
          throw new UncheckedIOException(e);
        }
        return addresses;
      };

  /** Java attaches the interface to IPv6 addresses; listeners name them without. */
  private static InetAddress withoutZone(InetAddress address) {
    try {
      return InetAddress.getByAddress(address.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }
}
