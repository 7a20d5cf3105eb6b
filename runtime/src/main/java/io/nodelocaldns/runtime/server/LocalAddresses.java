package io.nodelocaldns.runtime.server;

import io.nodelocaldns.runtime.plugin.InterfaceAddresses;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
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
            addresses.addAll(
                InterfaceAddresses.listenable(Collections.list(nic.getInetAddresses())));
          }
        } catch (SocketException e) {
          throw new UncheckedIOException(e);
        }
        return addresses;
      };
}
