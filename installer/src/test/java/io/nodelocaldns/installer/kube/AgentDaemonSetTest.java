package io.nodelocaldns.installer.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentDaemonSetTest {
  @Test
  void readsNodeCacheFlagsInEverySpelling() {
    assertThat(AgentDaemonSet.flag(List.of("-localip", "169.254.20.10,10.96.0.10"), "localip"))
        .contains("169.254.20.10,10.96.0.10");
    assertThat(AgentDaemonSet.flag(List.of("--localip=169.254.20.10"), "localip"))
        .contains("169.254.20.10");
    assertThat(AgentDaemonSet.flag(List.of("-conf", "/etc/Corefile"), "localip")).isEmpty();
  }
}
