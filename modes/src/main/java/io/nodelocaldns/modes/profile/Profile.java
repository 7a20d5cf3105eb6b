package io.nodelocaldns.modes.profile;

import java.net.InetAddress;
import java.util.List;

/**
 * Tunes the agent for a cluster type ({@code --profile generic|kind|eks}), composed with any mode.
 */
public interface Profile {
  /** {@code "generic"}, {@code "kind"} or {@code "eks"}. */
  String name();

  /**
   * What fills {@code __PILLAR__UPSTREAM__SERVERS__}: where names outside the cluster go. Generic
   * and kind: the node's resolv.conf nameservers; eks: the VPC resolver.
   */
  List<InetAddress> upstreamServers(List<InetAddress> nodeNameservers);
}
