package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitramfsTest {
  private static final String K = "/lib/modules/6.1.0-56-amd64/kernel/";

  @Test
  void showDependsOutputsBecomeModuleFilesInLoadOrder_eachOnce_builtinsSkipped() {
    List<Path> files =
        Initramfs.parseShowDepends(
            List.of(
                "insmod " + K + "fs/netfs/netfs.ko \n",
                "insmod " + K + "fs/netfs/netfs.ko \ninsmod " + K + "fs/fscache/fscache.ko \n",
                "builtin virtio_ring\n",
                "insmod " + K + "fs/overlayfs/overlay.ko \n"));

    assertThat(files)
        .containsExactly(
            Path.of(K + "fs/netfs/netfs.ko"),
            Path.of(K + "fs/fscache/fscache.ko"),
            Path.of(K + "fs/overlayfs/overlay.ko"));
  }

  @Test
  void initLoadsTheModulesMountsTheRootOver9pUnderATmpfsOverlayAndSwitchesIntoStage2() {
    Initramfs initramfs =
        new Initramfs(
            Path.of("/bin/busybox"),
            List.of(Path.of(K + "net/9p/9pnet.ko"), Path.of(K + "fs/9p/9p.ko")),
            Path.of("/tmp/run-1/stage2.sh"));

    String init = initramfs.initScript();

    assertThat(init)
        .startsWith("#!/bin/busybox sh\n")
        .containsSubsequence(
            "mount -t devtmpfs devtmpfs /dev",
            "insmod /modules/9pnet.ko",
            "insmod /modules/9p.ko",
            "mount -t 9p -o trans=virtio,version=9p2000.L,ro",
            QemuCommand.ROOT_TAG + " /lower",
            "mount -t tmpfs tmpfs /rw",
            "lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot",
            "mount --move /dev /newroot/dev",
            "exec switch_root /newroot /bin/sh /tmp/run-1/stage2.sh");
  }

  @Test
  void archiveHoldsBusyboxConsoleModulesAndInit() {
    Initramfs initramfs =
        new Initramfs(
            Path.of("/bin/busybox"), List.of(Path.of(K + "fs/9p/9p.ko")), Path.of("/s2.sh"));

    List<String> names =
        initramfs.archive(new byte[] {1}, List.of(new byte[] {2})).entries().stream()
            .map(Cpio.Entry::name)
            .toList();

    assertThat(names).contains("bin/busybox", "dev/console", "modules/9p.ko", "init");
    assertThatThrownBy(() -> initramfs.archive(new byte[0], List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
