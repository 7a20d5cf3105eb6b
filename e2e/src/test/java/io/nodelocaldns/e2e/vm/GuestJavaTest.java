package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestJavaTest {
  @Test
  void theScriptCarriesDirectoryJdkClassPathAndPropertiesExplicitly() {
    String script =
        new GuestJava(
                Path.of("/work/e2e"),
                Path.of("/opt/jdk"),
                "/a.jar:/b dir/classes",
                Map.of("nld.timeout.scale", "4", "nld.agent.jar", "/m/agent.jar"),
                "io.nodelocaldns.e2e.node.RealKernelScenarios",
                List.of("ipvs-mode"))
            .script();

    assertThat(script)
        .startsWith("#!/bin/sh\n")
        .contains("cd '/work/e2e' || exit 1\n")
        .contains("exec '/opt/jdk/bin/java' '-XX:TieredStopAtLevel=1'")
        .contains("'-cp' '/a.jar:/b dir/classes'")
        .containsSubsequence("'-Dnld.agent.jar=/m/agent.jar'", "'-Dnld.timeout.scale=4'")
        .endsWith("'io.nodelocaldns.e2e.node.RealKernelScenarios' 'ipvs-mode'\n");
  }

  @Test
  void quotesSingleQuotesForSh() {
    assertThat(GuestJava.quote("it's")).isEqualTo("'it'\\''s'");
  }
}
