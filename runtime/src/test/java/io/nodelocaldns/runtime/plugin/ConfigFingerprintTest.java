package io.nodelocaldns.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.config.CorefileParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigFingerprintTest {
  private static final String BLOCK =
      """
      cluster.local:53 {
          errors
          log {
              class denial error
          }
          bind 127.0.0.1 ::1
          cache 30 {
              success 9984 30 5
              prefetch 10 1m 10%
              serve_stale 1h verify
              disable success example.local
          }
          reload 30s 15s
          loop
          template IN A example.local {
              match "^(?P<host>[a-z]+)[.]example[.]local[.]$"
              answer "{{ .Name }} 60 IN A 192.0.2.1"
              fallthrough
          }
          template IN AAAA {
              rcode NOERROR
          }
          forward . 10.0.0.2 [fd00::1]:5353 {
              except ignored.local
              force_tcp
              max_fails 3
              health_check 0.5s
              policy sequential
          }
          prometheus 127.0.0.1:9253
          health 127.0.0.1:8080 {
              lameduck 5s
          }
          ready 127.0.0.1:8181
      }
      """;

  private static ServerConfig parse(String text) {
    return CorefileParser.parse("Corefile", text, Map.of()).servers().getFirst();
  }

  @Test
  void theSameBlockHasTheSameFingerprintWhereverItIsWritten() {
    assertThat(ConfigFingerprint.of(parse(BLOCK)))
        .isEqualTo(ConfigFingerprint.of(parse(BLOCK)))
        .isEqualTo(ConfigFingerprint.of(parse("\n\n# moved down\n" + BLOCK)))
        .hasSize(16);
  }

  @Test
  void anyChangeToTheBlockChangesIt() {
    String fingerprint = ConfigFingerprint.of(parse(BLOCK));

    assertThat(ConfigFingerprint.of(parse(BLOCK.replace("cache 30", "cache 20"))))
        .isNotEqualTo(fingerprint);
    assertThat(ConfigFingerprint.of(parse(BLOCK.replace("class denial error", "class denial"))))
        .isNotEqualTo(fingerprint);
    assertThat(
            ConfigFingerprint.of(
                parse(BLOCK.replace("    template IN AAAA {\n        rcode NOERROR\n    }\n", ""))))
        .as("noIPv6Lookups turned off")
        .isNotEqualTo(fingerprint);
  }

  /**
   * What is hashed holds no identity hash ({@code Object@1b2c3d}) and no set in its JVM's order:
   * only then is the fingerprint the same in the next process.
   */
  @Test
  void theCanonicalTextOfEveryDirectiveIsFreeOfIdentityHashes() {
    String canonical = ConfigFingerprint.canonical(parse(BLOCK));

    assertThat(canonical)
        .doesNotContainPattern("@[0-9a-f]{5,}")
        .contains("classes=[DENIAL, ERROR]")
        .contains("plugin:template");
  }
}
