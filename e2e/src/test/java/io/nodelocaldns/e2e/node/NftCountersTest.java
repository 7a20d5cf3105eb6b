package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NftCountersTest {
  private static final String TABLE =
      """
      table ip kube-proxy {
      	chain services {
      		ip daddr 10.96.0.10 udp dport 53 counter packets 0 bytes 0 dnat to 10.244.2.2:53
      		ip daddr 10.96.0.10 tcp dport 53 counter packets 2 bytes 120 dnat to 10.244.2.2:53
      		ip daddr 10.96.0.11 tcp dport 53 counter packets 1 bytes 60 dnat to 10.244.2.2:53
      	}
      	chain nat-prerouting {
      		type nat hook prerouting priority dstnat; policy accept;
      		jump services
      	}
      }
      """;

  @Test
  void readsEachDnatRulesPacketsByClusterIpAndProtocol() {
    NftCounters counters = NftCounters.parse(TABLE);

    assertThat(counters.packets("10.96.0.10", "udp")).isZero();
    assertThat(counters.packets("10.96.0.10", "tcp")).isEqualTo(2);
    assertThat(counters.packets("10.96.0.11", "tcp")).isEqualTo(1);
    assertThatThrownBy(() -> counters.packets("10.96.0.11", "udp"))
        .hasMessageContaining("10.96.0.11 udp");
  }
}
