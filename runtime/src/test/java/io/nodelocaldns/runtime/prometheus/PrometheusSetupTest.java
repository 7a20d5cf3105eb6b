package io.nodelocaldns.runtime.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusSetupTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "prometheus | 0.0.0.0 | 9153",
        "prometheus :9253 | 0.0.0.0 | 9253",
        "prometheus 0.0.0.0:9253 | 0.0.0.0 | 9253",
        "prometheus 127.0.0.1:9253 | 127.0.0.1 | 9253",
        "prometheus [::1]:9253 | 0:0:0:0:0:0:0:1 | 9253",
        "prometheus :0 | 0.0.0.0 | 0"
      })
  void readsAddress(String snippet, String ip, int port) {
    InetSocketAddress address = PrometheusSetup.parse(Snippets.directive(snippet)).address();
    assertThat(address.getAddress().getHostAddress()).isEqualTo(ip);
    assertThat(address.getPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "prometheus 9253 | Corefile:1: prometheus: expected [IP]:PORT such as :9153,"
            + " 127.0.0.1:9153 or [::1]:9153, got \"9253\"",
        "prometheus :70000 | Corefile:1: prometheus: port must be between 0 and 65535, got"
            + " \"70000\" in \":70000\"",
        "prometheus metrics.example:9253 | Corefile:1: prometheus: expected [IP]:PORT such as"
            + " :9153, 127.0.0.1:9153 or [::1]:9153, got \"metrics.example:9253\"",
        "prometheus :9253 :9254 | Corefile:1: prometheus: takes one address, got 2: \":9253"
            + " :9254\" (prometheus [ADDRESS]); on a dual-stack node serve it on one of them, an IPv6 one in brackets with its"
            + " port ([fd00::10]:8080), or leave __PILLAR__LOCAL__DNS__ for the node agent, which"
            + " puts the first local address there",
        "prometheus { x } | Corefile:1: prometheus: takes no block, got \"x\" at line 1 inside { }"
      })
  void rejectsInvalidSnippet(String snippet, String message) {
    assertThatThrownBy(() -> PrometheusSetup.parse(Snippets.directive(snippet)))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }
}
