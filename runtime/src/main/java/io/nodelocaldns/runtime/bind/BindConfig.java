package io.nodelocaldns.runtime.bind;

import java.net.InetAddress;
import java.util.List;

/**
 * {@code bind ADDRESS|INTERFACE ... [{ except ADDRESS... }]}: the addresses a server block listens
 * on; empty means every address (the wildcard), as without {@code bind}.
 */
public record BindConfig(List<InetAddress> addresses) {
  public static final BindConfig WILDCARD = new BindConfig(List.of());

  public BindConfig {
    addresses = List.copyOf(addresses);
  }
}
