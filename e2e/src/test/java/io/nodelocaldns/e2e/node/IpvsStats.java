package io.nodelocaldns.e2e.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ipvsadm -Ln --stats --exact}: per virtual service, keyed {@code "TCP 10.96.0.10:53"}, the
 * connections it scheduled and the packets it received since its counters were zeroed ({@code
 * ipvsadm -Z}). Packets, not connections, tell whether a query went through it: the agent reuses
 * its TCP connection to CoreDNS across queries.
 */
record IpvsStats(Map<String, Service> services) {
  /** One virtual service's counters. */
  record Service(long connections, long inPackets) {}

  IpvsStats {
    services = Map.copyOf(services);
  }

  static IpvsStats parse(String listing) {
    Map<String, Service> services = new LinkedHashMap<>();
    for (String line : listing.split("\n")) {
      String[] words = line.strip().split("\\s+");
      if (words.length >= 4 && (words[0].equals("TCP") || words[0].equals("UDP"))) {
        services.put(
            words[0] + " " + words[1],
            new Service(Long.parseLong(words[2]), Long.parseLong(words[3])));
      }
    }
    return new IpvsStats(services);
  }

  /** The virtual service {@code protocol} ("TCP"/"UDP") {@code ip}:{@code port}. */
  Service service(String protocol, String ip, int port) {
    String key = protocol + " " + ip + ":" + port;
    Service service = services.get(key);
    if (service == null) {
      throw new IllegalArgumentException("no IPVS service " + key + " in " + services.keySet());
    }
    return service;
  }

  /** Packets the virtual service received. */
  long inPackets(String protocol, String ip, int port) {
    return service(protocol, ip, port).inPackets();
  }
}
