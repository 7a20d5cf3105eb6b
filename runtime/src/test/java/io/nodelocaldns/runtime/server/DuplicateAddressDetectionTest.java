package io.nodelocaldns.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.server.DuplicateAddressDetection.State;
import org.junit.jupiter.api.Test;

class DuplicateAddressDetectionTest {
  /** A node's /proc/net/if_inet6 with one address of each state (taken from a namespace here). */
  static final String IF_INET6 =
      """
      fd000010024400010000000000000001 05 40 00 82       vp
      fd000000000000000000000000000011 02 80 00 c0 nodelocaldns
      fd000000000000000000000000000010 02 80 00 82 nodelocaldns
      fd000000000000000000000000000012 02 80 00 48 nodelocaldns
      00000000000000000000000000000001 01 80 10 80       lo
      """;

  @Test
  void readsEachAddressState() {
    assertThat(state("fd00::10")).as("nodad, permanent").isEqualTo(State.DONE);
    assertThat(state("fd00::11"))
        .as("tentative, on a link that is down")
        .isEqualTo(State.TENTATIVE);
    assertThat(state("fd00::12")).as("dadfailed tentative").isEqualTo(State.FAILED);
    assertThat(state("::1")).isEqualTo(State.DONE);
    assertThat(state("fd00::99")).isEqualTo(State.NOT_LOCAL);
    assertThat(state("169.254.20.10")).as("no DAD for IPv4").isEqualTo(State.NOT_LOCAL);
  }

  @Test
  void anIpv4AddressIsNeverWaitedFor() {
    assertThat(DuplicateAddressDetection.of(Addresses.ip("127.0.0.1").orElseThrow()))
        .isEqualTo(State.NOT_LOCAL);
  }

  private static State state(String ip) {
    return DuplicateAddressDetection.of(Addresses.ip(ip).orElseThrow(), IF_INET6);
  }
}
