package io.nodelocaldns.modes.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.modes.node.IpLiterals;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilesTest {
  static final List<InetAddress> NODE =
      List.of(IpLiterals.of("10.0.0.2"), IpLiterals.of("10.0.0.3"));

  @Test
  void genericAndKindUseTheNodesNameservers() {
    assertThat(Profiles.of("generic").upstreamServers(NODE)).isEqualTo(NODE);
    assertThat(Profiles.of("kind").upstreamServers(NODE)).isEqualTo(NODE);
  }

  @Test
  void eksUsesTheVpcResolverDefaultOrGiven() {
    assertThat(Profiles.of("eks").upstreamServers(NODE))
        .containsExactly(IpLiterals.of("169.254.169.253"));
    assertThat(Profiles.of("EKS", IpLiterals.of("10.0.0.2")).upstreamServers(NODE))
        .containsExactly(IpLiterals.of("10.0.0.2"));
    assertThat(Profiles.of("eks").name()).isEqualTo("eks");
  }

  @Test
  void anUnknownProfileListsTheValidOnes() {
    assertThatThrownBy(() -> Profiles.of("gke"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--profile: gke (expected: one of generic, kind, eks)");
  }
}
