package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentProcessTest {
  @Test
  void theManifestsFlagsThenOurs() {
    List<String> args = AgentProcess.arguments(Path.of("/tmp/run"), AgentOptions.iptablesMode());

    assertThat(String.join(" ", args))
        .isEqualTo(
            "-localip 169.254.20.10,10.96.0.10 -conf /tmp/run/Corefile"
                + " -basecorefile /tmp/run/Corefile.base -upstreamsvc kube-dns-upstream -kubednscm /tmp/run/kube-dns"
                + " -syncinterval 2s -health-port 8080 -interfacename nodelocaldns -pidfile /tmp/run/pid"
                + " -skipteardown=false -setupinterface -setupiptables --mode iptables --profile generic --link-type bridge"
                + " --state-dir /tmp/state");
  }

  @Test
  void ipvsModeHasOnlyTheLinkLocalAddressAndEksIsAProfile() {
    List<String> args =
        AgentProcess.arguments(
            Path.of("/r"),
            AgentOptions.ipvsMode().withProfile(AgentOptions.EKS).withSkipTeardown(true));

    assertThat(args)
        .containsSequence("-localip", "169.254.20.10")
        .containsSequence("--profile", "eks")
        .contains("-skipteardown=true");
  }
}
