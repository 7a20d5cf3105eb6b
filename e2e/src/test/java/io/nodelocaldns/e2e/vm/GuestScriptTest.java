package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GuestScriptTest {
  @Test
  void mountsWhatADevtmpfsRootLacks_runsTheScenario_reportsItsExit_thenPowersOff() {
    String text = new GuestScript(Path.of("/tmp/r/scenario.sh"), new ExitMarker("ab12")).text();

    assertThat(text)
        .containsSubsequence(
            "mount -t proc proc /proc",
            "mount -t tmpfs tmpfs /run",
            "ln -sf /proc/self/fd /dev/fd",
            "export PATH=",
            "/bin/sh /tmp/r/scenario.sh </dev/null",
            "rc=$?",
            "echo \"NLD-VM-EXIT ab12 $rc\"",
            "poweroff -f");
  }
}
