package io.nodelocaldns.runtime.ready;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadySetupTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ready | 0.0.0.0 | 8181",
        "ready :8182 | 0.0.0.0 | 8182",
        "ready 169.254.20.10:8181 | 169.254.20.10 | 8181"
      })
  void readsAddress(String snippet, String ip, int port) {
    InetSocketAddress address = ReadySetup.parse(Snippets.directive(snippet)).address();
    assertThat(address.getAddress().getHostAddress()).isEqualTo(ip);
    assertThat(address.getPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ready 8181 | Corefile:1: ready: expected [IP]:PORT such as :9153, 127.0.0.1:9153 or"
            + " [::1]:9153, got \"8181\"",
        "ready :1 :2 | Corefile:1: ready: takes one address, got 2: \":1 :2\" (ready"
            + " [ADDRESS]); on a dual-stack node serve it on one of them, an IPv6 one in brackets with its"
            + " port ([fd00::10]:8080), or leave __PILLAR__LOCAL__DNS__ for the node agent, which"
            + " puts the first local address there"
      })
  void rejectsInvalidSnippet(String snippet, String message) {
    assertThatThrownBy(() -> ReadySetup.parse(Snippets.directive(snippet)))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }
}
