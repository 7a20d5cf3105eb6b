package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QemuCommandTest {
  @Test
  void softwareEmulationNoRebootSerialOnStdioRootSharedReadOnly() {
    String argv =
        String.join(
            " ",
            new QemuCommand(
                    Path.of("/usr/bin/qemu-system-x86_64"),
                    Path.of("/boot/vmlinuz-6.1"),
                    Path.of("/tmp/r/initrd.cpio"),
                    2048,
                    2)
                .argv());

    assertThat(argv)
        .startsWith("/usr/bin/qemu-system-x86_64 -accel tcg")
        .contains("-smp 2", "-m 2048M", "-no-reboot", "-serial stdio", "-display none")
        .contains("-kernel /boot/vmlinuz-6.1", "-initrd /tmp/r/initrd.cpio")
        .contains("console=ttyS0", "panic=-1")
        .contains("-virtfs local,path=/,mount_tag=" + QemuCommand.ROOT_TAG)
        .contains("security_model=none,readonly=on");
  }
}
