package io.nodelocaldns.runtime.corefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentVariablesTest {
  private static final Map<String, String> NODE = Map.of("MY_HOST_IP", "10.0.0.7");

  @Test
  void replacesBothSpellingsAsCoreDnsDoes() {
    assertThat(
            EnvironmentVariables.substitute(
                "Corefile",
                ".:53 {\n prometheus {$MY_HOST_IP}:9253\n health {%MY_HOST_IP%}:8080\n}",
                NODE))
        .isEqualTo(".:53 {\n prometheus 10.0.0.7:9253\n health 10.0.0.7:8080\n}");
  }

  @Test
  void namesAnUnsetVariableAndItsLine() {
    assertThatThrownBy(
            () -> EnvironmentVariables.substitute("Corefile", ".:53 {\n bind {$NODE_IP}\n}", NODE))
        .isInstanceOf(CorefileException.class)
        .hasMessage("Corefile:2: environment variable NODE_IP is not set (in \"{$NODE_IP}\")");
  }

  @Test
  void leavesCommentsAndOtherBracesAlone() {
    String text = ".:53 { # {$NOT_SET} in a comment\n log . \"{remote} {name}\"\n}";
    assertThat(EnvironmentVariables.substitute("Corefile", text, NODE)).isEqualTo(text);
  }
}
