package io.nodelocaldns.e2e.node;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
  private static final List<String> CHART = List.of("NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW");

  @Test
  void masksAreThoseOfProcStatus() {
    // bits 10, 12 and 13
    assertThat(Capabilities.mask(CHART)).isEqualTo("0000000000003400");
    assertThat(Capabilities.names("0000000000003400"))
        .containsExactly("NET_BIND_SERVICE", "NET_ADMIN", "NET_RAW");
    assertThat(Capabilities.names("000001ffffffffff")).hasSize(41).startsWith("CHOWN");
    assertThat(Capabilities.names("0000000000000000")).isEmpty();
  }

  @Test
  void thisKernelsLastCapabilityIsReadWhole() throws Exception {
    try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
      assertThat(Capabilities.lastCap())
          .isEqualTo(Integer.parseInt(new String(in.readAllBytes(), US_ASCII).strip()));
    }
  }

  @Test
  void dropAllButNamesEveryOtherCapabilityOfTheKernel() {
    List<String> drop = List.of(Capabilities.dropAllBut(CHART, 40).split(","));

    assertThat(drop).hasSize(38).contains("cap_chown", "cap_sys_admin", "cap_checkpoint_restore");
    assertThat(drop).doesNotContain("cap_net_admin", "cap_net_bind_service", "cap_net_raw");
    // an older kernel: only what it knows
    assertThat(Capabilities.dropAllBut(CHART, 37)).endsWith("cap_audit_read");
    assertThatThrownBy(() -> Capabilities.dropAllBut(List.of("NET_ADMINS"), 40))
        .hasMessage("unknown capability NET_ADMINS");
  }
}
