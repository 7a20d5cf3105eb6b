package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackListingTest {
  @Test
  void readsTheOriginalTupleOfUdpAndTcpFlows() {
    String listing =
        """
        udp      17 29 src=10.244.1.2 dst=10.96.0.10 sport=41234 dport=53 [UNREPLIED] src=10.244.2.2 dst=10.244.1.2 sport=53 dport=41234 mark=0 use=1
        tcp      6 431999 ESTABLISHED src=192.168.50.1 dst=10.96.0.11 sport=40000 dport=53 src=10.244.2.2 dst=192.168.50.1 sport=53 dport=40000 [ASSURED] mark=0 use=1
        """;

    List<ConntrackListing.Flow> flows = ConntrackListing.parse(listing);

    assertThat(flows).extracting(ConntrackListing.Flow::protocol).containsExactly("udp", "tcp");
    assertThat(flows.getFirst().source()).isEqualTo("10.244.1.2");
    assertThat(flows.getFirst().destination()).isEqualTo("10.96.0.10");
    assertThat(flows.getFirst().sport()).isEqualTo("41234");
    assertThat(flows.getFirst().dport()).isEqualTo("53");
    assertThat(flows.get(1).destination()).isEqualTo("10.96.0.11");
  }

  @Test
  void theSummaryLineIsNotAFlow() {
    assertThat(
            ConntrackListing.parse(
                "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n"))
        .isEmpty();
  }
}
