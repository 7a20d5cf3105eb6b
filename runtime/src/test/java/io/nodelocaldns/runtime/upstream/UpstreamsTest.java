package io.nodelocaldns.runtime.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstreams labelled as CoreDNS's {@code to}: Go's address text. */
class UpstreamsTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.2, 53, 127.0.0.2:53",
    "::1, 53, [::1]:53",
    "fd00:0:0:0:0:0:0:10, 5353, [fd00::10]:5353",
  })
  void labels(String ip, int port, String expected) {
    assertThat(Upstreams.label(new InetSocketAddress(ip, port))).isEqualTo(expected);
  }
}
