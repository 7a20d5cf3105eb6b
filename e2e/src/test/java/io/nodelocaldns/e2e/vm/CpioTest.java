package io.nodelocaldns.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CpioTest {
  @Test
  void newcHeaderCarriesModeSizeAndNameLength_andMembersAreFourByteAligned() {
    byte[] archive = new Cpio().add(Cpio.Entry.file("init", 0755, "#!x\n".getBytes())).toBytes();
    String text = new String(archive, StandardCharsets.US_ASCII);

    assertThat(text).startsWith("070701");
    // fields: ino, mode, uid, gid, nlink, mtime, filesize, ..., namesize
    assertThat(text.substring(6 + 8, 6 + 16)).isEqualTo(String.format("%08x", 0100755));
    assertThat(text.substring(6 + 6 * 8, 6 + 7 * 8)).isEqualTo("00000004");
    assertThat(text.substring(6 + 11 * 8, 6 + 12 * 8)).isEqualTo("00000005"); // "init\0"
    // 110 header + 5 name -> padded to 116; data 4; then the trailer
    assertThat(text.substring(110, 114)).isEqualTo("init");
    assertThat(text.substring(116, 120)).isEqualTo("#!x\n");
    assertThat(text.substring(120)).startsWith("070701");
    assertThat(text).contains("TRAILER!!!");
    assertThat(archive.length % 4).isZero();
  }

  @Test
  void charDeviceCarriesItsMajorAndMinor_symlinkItsTarget() {
    String text =
        new String(
            new Cpio()
                .add(Cpio.Entry.charDevice("dev/console", 0600, 5, 1))
                .add(Cpio.Entry.symlink("bin/sh", "busybox"))
                .toBytes(),
            StandardCharsets.US_ASCII);

    assertThat(text.substring(6 + 8, 6 + 16)).isEqualTo(String.format("%08x", 0020600));
    assertThat(text.substring(6 + 9 * 8, 6 + 11 * 8)).isEqualTo("0000000500000001");
    assertThat(text)
        .contains(String.format("%08x", 0120777))
        .contains("bin/sh\0")
        .contains("busybox");
  }
}
