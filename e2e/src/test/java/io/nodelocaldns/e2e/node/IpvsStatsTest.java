package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpvsStatsTest {
  private static final String LISTING =
      """
      IP Virtual Server version 1.2.1 (size=4096)
      Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
        -> RemoteAddress:Port
      TCP  10.96.0.10:53                       2       10        8      600      700
        -> 10.244.2.2:53                       2       10        8      600      700
      UDP  10.96.0.10:53                       0        0        0        0        0
        -> 10.244.2.2:53                       0        0        0        0        0
      """;

  @Test
  void readsEachVirtualServicesConnectionsAndPackets_notItsRealServers() {
    IpvsStats stats = IpvsStats.parse(LISTING);

    assertThat(stats.service("TCP", "10.96.0.10", 53)).isEqualTo(new IpvsStats.Service(2, 10));
    assertThat(stats.inPackets("UDP", "10.96.0.10", 53)).isZero();
    assertThat(stats.services()).hasSize(2);
  }

  @Test
  void anUnknownServiceIsAnErrorNotZero() {
    assertThatThrownBy(() -> IpvsStats.parse(LISTING).inPackets("TCP", "10.96.0.11", 53))
        .hasMessageContaining("TCP 10.96.0.11:53");
  }
}
