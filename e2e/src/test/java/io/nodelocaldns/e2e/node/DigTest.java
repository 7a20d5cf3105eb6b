package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DigTest {
  private static Dig.Response response(int exit, String stdout) {
    return new Dig.Response(new Commands.Result(List.of("dig"), exit, stdout, ""));
  }

  @Test
  void anEmptyNoErrorHasItsStatusAndNoAnswer() {
    Dig.Response response =
        response(
            0,
            """
            ;; Got answer:
            ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242
            ;; flags: qr aa rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1

            ;; OPT PSEUDOSECTION:
            ; EDNS: version: 0, flags:; udp: 1232
            """);

    assertThat(response.status()).contains("NOERROR");
    assertThat(response.answers()).isEmpty();
  }

  @Test
  void answersAreTheRecordLines() {
    Dig.Response response =
        response(
            0,
            """
            ;; Got answer:
            ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
            ;; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1

            web.default.svc.cluster.local. 30 IN A 10.96.5.5
            """);

    assertThat(response.answers())
        .containsExactly("web.default.svc.cluster.local. 30 IN A 10.96.5.5");
  }

  @Test
  void aTimeoutHasNoStatus() {
    Dig.Response response = response(9, ";; connection timed out; no servers could be reached\n");

    assertThat(response.status()).isEmpty();
    assertThat(response.answers()).isEmpty();
  }
}
