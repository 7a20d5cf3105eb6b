package io.nodelocaldns.modes.profile;

import java.net.InetAddress;
import java.util.List;

/**
 * Kind: behaves as generic (the node container's resolv.conf points at Docker's resolver); a name
 * of its own so installers and docs can tune it later.
 */
public final class KindProfile implements Profile {
  public static final String NAME = "kind";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<InetAddress> upstreamServers(List<InetAddress> nodeNameservers) {
    return List.copyOf(nodeNameservers);
  }
}
