package io.nodelocaldns.runtime.corefile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.config.Machine;
import io.nodelocaldns.runtime.config.Plugins;
import io.nodelocaldns.runtime.fuzz.FuzzBudget;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.plugin.InterfaceAddresses;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Any Corefile text: it parses, or it fails with the one documented {@link CorefileException} whose
 * message names the file and a line of it ({@code Corefile:12: cache: ...}). Nothing else escapes,
 * nothing hangs. The upstream manifest's two agent-filled placeholders have values, and {@code
 * bind} sees a made-up machine, so results do not depend on where the fuzzer runs.
 */
class CorefileFuzzTest {
  private static final String SOURCE = "Corefile";
  private static final Map<String, String> PILLARS =
      Map.of(
          "__PILLAR__CLUSTER__DNS__", "10.96.0.10",
          "__PILLAR__UPSTREAM__SERVERS__", "10.0.0.2 10.0.0.3");
  private static final InterfaceAddresses MACHINE =
      name ->
          name.equals("nodelocaldns")
              ? Optional.of(List.of(InetAddress.getLoopbackAddress()))
              : Optional.empty();

  @FuzzTest(maxDuration = FuzzBudget.DURATION)
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Corefile corefile;
    try {
      corefile =
          CorefileParser.parse(
              SOURCE, text, PILLARS, Plugins.STANDARD, new Machine(MACHINE, Map.of()));
    } catch (CorefileException e) {
      long lines = text.lines().count();
      assertThat(e.getMessage()).matches("(?s)Corefile:\\d+: .+");
      assertThat(e.location().line()).isBetween(0, (int) lines + 1);
      return;
    }
    assertThat(corefile.servers()).isNotEmpty();
    for (ServerConfig server : corefile.servers()) {
      assertThat(server.zones()).isNotEmpty().allMatch(zone -> zone.endsWith("."));
      assertThat(server.port()).isBetween(0, 0xFFFF);
    }
  }
}
