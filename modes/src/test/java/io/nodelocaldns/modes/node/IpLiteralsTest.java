package io.nodelocaldns.modes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpLiteralsTest {
  @Test
  void ipv6IsWrittenShortAsIpAndIptablesPrintIt() {
    assertThat(IpLiterals.text(IpLiterals.of("fd00:0:0:0:0:0:0:10"))).isEqualTo("fd00::10");
    assertThat(IpLiterals.text(IpLiterals.of("fe80::1"))).isEqualTo("fe80::1");
    assertThat(IpLiterals.text(IpLiterals.of("::1"))).isEqualTo("::1");
    assertThat(IpLiterals.text(IpLiterals.of("1:0:2:0:0:3:0:0"))).isEqualTo("1:0:2::3:0:0");
    assertThat(IpLiterals.text(IpLiterals.of("1:2:3:4:5:6:7:8"))).isEqualTo("1:2:3:4:5:6:7:8");
    assertThat(IpLiterals.text(IpLiterals.of("10.96.0.10"))).isEqualTo("10.96.0.10");
  }

  @Test
  void namesAreNotLiteralsAndAreNeverLookedUp() {
    assertThat(IpLiterals.parse("kube-dns.local")).isEmpty();
    assertThat(IpLiterals.parse("ffff")).as("hex digits only: the JDK would look it up").isEmpty();
    assertThat(IpLiterals.parse("1.2.3")).as("the JDK reads 1.2.0.3").isEmpty();
    assertThat(IpLiterals.parse("999.1.1.1")).isEmpty();
    assertThat(IpLiterals.parse("fe80::1%eth0")).isEmpty();
    assertThatThrownBy(() -> IpLiterals.of("dns")).hasMessage("dns (expected: an IP address)");
  }
}
