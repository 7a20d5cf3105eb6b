package io.nodelocaldns.runtime.plugin;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
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
}
