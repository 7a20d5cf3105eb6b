package io.nodelocaldns.runtime.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class UpstreamQueryTest {
  @Test
  void theDefaultProbeAsksTheRootForNsWithRecursion() throws Exception {
    Message probe = new Message(UpstreamQuery.probe().wire());
    assertThat(probe.getQuestion().getName()).isEqualTo(Name.root);
    assertThat(probe.getQuestion().getType()).isEqualTo(Type.NS);
    assertThat(probe.getHeader().getFlag(Flags.RD)).isTrue();
  }

  @Test
  void healthCheckDomainAndNoRecShapeTheProbe() throws Exception {
    Message probe = new Message(UpstreamQuery.probe("example.org.", false).wire());
    assertThat(probe.getQuestion().getName()).isEqualTo(Name.fromString("example.org."));
    assertThat(probe.getQuestion().getType()).isEqualTo(Type.NS);
    assertThat(probe.getHeader().getFlag(Flags.RD)).isFalse();
    assertThat(probe.getSection(Section.ADDITIONAL)).as("no EDNS").isEmpty();
  }
}
