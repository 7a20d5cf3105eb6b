package io.nodelocaldns.runtime.bind;

import io.nodelocaldns.runtime.plugin.ServerConfig;
import java.net.InetAddress;
import java.util.List;

/**
 * {@code bind ADDRESS|INTERFACE ... [{ except ADDRESS... }]}: the addresses a server block listens
 * on; empty means every address (the wildcard), as without {@code bind}.
 */
public record BindConfig(List<InetAddress> addresses) {
  public static final BindConfig WILDCARD = new BindConfig(List.of());

  /** The block's {@code bind} addresses, or the wildcard when it has no {@code bind}. */
  public static BindConfig of(ServerConfig block) {
    return block.get(BindConfig.class).orElse(WILDCARD);
  }

  public BindConfig {
    addresses = List.copyOf(addresses);
  }
}
