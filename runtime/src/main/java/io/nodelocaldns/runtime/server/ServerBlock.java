package io.nodelocaldns.runtime.server;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import java.util.List;

/**
 * A server block as served: its zones, the head of its handler chain, and where it listens. One
 * chain serves all the block's addresses, so they share one cache.
 *
 * @param zones normalised zones, e.g. {@code ["cluster.local."]}
 */
public record ServerBlock(List<String> zones, DnsHandler chain, List<ListenAddress> addresses) {
  public ServerBlock {
    zones = List.copyOf(zones);
    addresses = List.copyOf(addresses);
  }
}
