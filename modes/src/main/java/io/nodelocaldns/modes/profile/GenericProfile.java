package io.nodelocaldns.modes.profile;

import java.net.InetAddress;
import java.util.List;

/** Any cluster: external names go to the node's resolv.conf nameservers. */
public final class GenericProfile implements Profile {
  public static final String NAME = "generic";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<InetAddress> upstreamServers(List<InetAddress> nodeNameservers) {
    return List.copyOf(nodeNameservers);
  }
}
