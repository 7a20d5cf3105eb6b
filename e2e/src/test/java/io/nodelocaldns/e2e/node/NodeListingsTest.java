package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeListingsTest {
  @Test
  void linkNamesWithoutPeerSuffixes() {
    String listing =
        """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
        2: vpod1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP
        7: nodelocaldns: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN
        """;

    assertThat(NodeListings.links(listing)).containsExactly("lo", "nodelocaldns", "vpod1");
  }

  @Test
  void addressesAsDeviceAndPrefix() {
    String listing =
        """
        1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
        7: nodelocaldns    inet 169.254.20.10/32 scope global nodelocaldns\\       valid_lft forever preferred_lft forever
        7: nodelocaldns    inet 10.96.0.10/32 scope global nodelocaldns\\       valid_lft forever preferred_lft forever
        """;

    assertThat(NodeListings.addresses(listing))
        .containsExactly(
            "lo 127.0.0.1/8", "nodelocaldns 10.96.0.10/32", "nodelocaldns 169.254.20.10/32");
  }
}
