package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitMarkerTest {
  private final ExitMarker marker = new ExitMarker("c0ffee");

  @Test
  void parsesThisRunsMarker_evenAfterKernelOutputOnTheSameLineOrWithACarriageReturn() {
    assertThat(marker.parse("NLD-VM-EXIT c0ffee 0")).hasValue(0);
    assertThat(marker.parse("[  3.1] random: crng init done NLD-VM-EXIT c0ffee 77\r")).hasValue(77);
  }

  @Test
  void ignoresOtherLinesAndOtherRunsMarkers() {
    assertThat(marker.parse("NLD-VM-EXIT deadbeef 0")).isEmpty();
    assertThat(marker.parse("nld-vm: running /tmp/x/scenario.sh")).isEmpty();
    assertThat(marker.parse("NLD-VM-EXIT c0ffee")).isEmpty();
    assertThat(marker.parse("NLD-VM-EXIT c0ffee 0 trailing")).isEmpty();
  }

  @Test
  void echoCommandPrintsWhatParseReads() {
    assertThat(marker.echoCommand("rc")).isEqualTo("echo \"NLD-VM-EXIT c0ffee $rc\"");
  }
}
