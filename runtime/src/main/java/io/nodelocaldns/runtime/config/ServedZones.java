package io.nodelocaldns.runtime.config;

import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Location;
import io.nodelocaldns.runtime.corefile.ServerKey;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The zones served so far, by port and listen address, to refuse what CoreDNS refuses: a zone
 * served twice on the same port and address, or served on a port both on every address and on one
 * of them (CoreDNS's "zone overlap listener capacity"). The same zone may be served on one port at
 * different {@code bind} addresses.
 */
final class ServedZones {
  /** The listen address of a server without {@code bind}: every address. */
  private static final String EVERY_ADDRESS = "";

  /** By {@code dns://ZONE:PORT}: the listen addresses it is served on, and where. */
  private final Map<String, Map<String, Location>> served = new HashMap<>();

  /** Records {@code key} served on {@code bind}'s addresses, or refuses it. */
  void add(ServerKey key, BindConfig bind, Location location) {
    List<String> addresses =
        bind.addresses().isEmpty()
            ? List.of(EVERY_ADDRESS)
            : bind.addresses().stream().map(InetAddress::getHostAddress).toList();
    Map<String, Location> byAddress =
        served.computeIfAbsent(key.address(), k -> new LinkedHashMap<>());
    for (String address : addresses) {
      Location first = byAddress.get(address);
      if (first != null) {
        throw error(location, name(key, address) + " - it is already defined", first);
      }
      for (Map.Entry<String, Location> other : byAddress.entrySet()) {
        if (address.equals(EVERY_ADDRESS) || other.getKey().equals(EVERY_ADDRESS)) {
          throw error(
              location,
              name(key, address)
                  + " - zone overlap listener capacity with "
                  + name(key, other.getKey()),
              other.getValue());
        }
      }
      byAddress.put(address, location);
    }
  }

  /** CoreDNS's name for a zone served on a port and address, e.g. {@code dns://.:53 on ::1}. */
  private static String name(ServerKey key, String address) {
    return key.address() + (address.equals(EVERY_ADDRESS) ? "" : " on " + address);
  }

  private static CorefileException error(Location location, String problem, Location first) {
    return new CorefileException(
        location, null, "cannot serve " + problem + " (at line " + first.line() + ")");
  }
}
