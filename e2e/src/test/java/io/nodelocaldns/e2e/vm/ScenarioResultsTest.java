package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioResultsTest {
  @Test
  void eachScenariosFirstReportCounts_anywhereInALine() {
    assertThat(
            ScenarioResults.parse(
                "NLD-SCENARIO-RESULT",
                List.of(
                    "scenario ipvs-mode: passed",
                    "NLD-SCENARIO-RESULT ipvs-mode 0",
                    "[  9.1] random: crng initNLD-SCENARIO-RESULT wrong-mode-on-ipvs-node 1",
                    "NLD-SCENARIO-RESULT ipvs-mode 1",
                    "NLD-SCENARIO-RESULT iptables-nft 77")))
        .containsExactly(
            Map.entry("ipvs-mode", 0),
            Map.entry("wrong-mode-on-ipvs-node", 1),
            Map.entry("iptables-nft", 77));
  }

  @Test
  void nothingReported_isEmpty() {
    assertThat(ScenarioResults.parse("NLD-SCENARIO-RESULT", List.of("NLD-VM-EXIT abc 0")))
        .isEmpty();
  }
}
