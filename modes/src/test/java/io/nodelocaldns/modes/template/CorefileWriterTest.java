package io.nodelocaldns.modes.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorefileWriterTest {
  @TempDir Path dir;

  @Test
  void writesANewFileAndReplacesAChangedOne() throws Exception {
    Path conf = dir.resolve("etc/Corefile");

    assertThat(CorefileWriter.writeIfChanged(conf, "a\n")).isTrue();
    assertThat(Files.readString(conf)).isEqualTo("a\n");
    assertThat(CorefileWriter.writeIfChanged(conf, "b\n")).isTrue();
    assertThat(Files.readString(conf)).isEqualTo("b\n");
    try (var files = Files.list(conf.getParent())) {
      assertThat(files).containsExactly(conf); // no temporary left behind
    }
  }

  @Test
  void anUnchangedFileIsNotTouched() throws Exception {
    Path conf = Files.writeString(dir.resolve("Corefile"), "same\n");
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(conf, old);
    Object inode = Files.readAttributes(conf, "unix:ino").get("ino");

    assertThat(CorefileWriter.writeIfChanged(conf, "same\n")).isFalse();
    assertThat(Files.getLastModifiedTime(conf)).isEqualTo(old);
    assertThat(Files.readAttributes(conf, "unix:ino").get("ino")).isEqualTo(inode);
  }

  @Test
  void aChangeIsARenameSoReadersNeverSeeHalfAFile() throws Exception {
    Path conf = Files.writeString(dir.resolve("Corefile"), "old\n");
    Object inode = Files.readAttributes(conf, "unix:ino").get("ino");

    CorefileWriter.writeIfChanged(conf, "new\n");

    assertThat(Files.readAttributes(conf, "unix:ino").get("ino")).isNotEqualTo(inode);
  }
}
