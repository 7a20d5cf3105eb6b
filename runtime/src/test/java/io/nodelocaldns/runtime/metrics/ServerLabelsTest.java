package io.nodelocaldns.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.config.CorefileParser;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CoreDNS's {@code server} label for queries arriving on the listeners of a block. */
class ServerLabelsTest {
  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bind 10.96.0.10 169.254.20.10 | 10.96.0.10   | dns://10.96.0.10:53",
        "bind 10.96.0.10 169.254.20.10 | 169.254.20.10 | dns://169.254.20.10:53",
        "bind ::1                      | ::1          | dns://[::1]:53",
        "#                             | 0.0.0.0      | dns://:53",
        "#                             | 127.0.0.1    | dns://:53",
        "bind 0.0.0.0                  | 0.0.0.0      | dns://0.0.0.0:53",
        "bind 0.0.0.0                  | 10.0.0.1     | dns://0.0.0.0:53",
      })
  void labels(String bind, String arrivedOn, String expected) {
    var block =
        CorefileParser.parse("Corefile", "cluster.local:53 {\n" + bind + "\n}\n", Map.of())
            .servers()
            .get(0);
    assertThat(
            ServerLabels.of(BindConfig.of(block).addresses())
                .label(new InetSocketAddress(arrivedOn, 53)))
        .isEqualTo(expected);
  }
}
