package io.nodelocaldns.runtime.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.warm.SnapshotException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
  @TempDir Path dir;

  @Test
  void writesOwnerOnlyInAnOwnerOnlyDirectoryAndReadsItBack() throws Exception {
    Path state = dir.resolve("state");
    SnapshotFile file = new SnapshotFile(state);

    file.write(new byte[] {7, 8, 9});

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
        .isEqualTo("rw-------");
    assertThat(file.read()).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(7, 8, 9));
    try (var entries = Files.list(state)) {
      assertThat(entries).as("no temporary file left").containsExactly(file.path());
    }
  }

  @Test
  void aFirstStartHasNoSnapshot() throws Exception {
    assertThat(new SnapshotFile(dir.resolve("absent")).read()).isEmpty();
  }

  @Test
  void aSnapshotOthersCanWriteIsNotTrusted() throws Exception {
    SnapshotFile file = new SnapshotFile(dir);
    file.write(new byte[] {1});
    Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-rw-rw-"));

    assertThatThrownBy(file::read)
        .isInstanceOfSatisfying(
            SnapshotException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PERMISSIONS))
        .hasMessageContaining("writable by others");
  }

  @Test
  void aDirectoryOthersCanWriteIsNotTrusted() throws Exception {
    SnapshotFile file = new SnapshotFile(dir);
    file.write(new byte[] {1});
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(file::read)
        .isInstanceOfSatisfying(
            SnapshotException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PERMISSIONS));
  }

  @Test
  void aSymlinkInPlaceOfTheSnapshotIsRefused() throws Exception {
    Path elsewhere = Files.write(dir.resolve("elsewhere"), new byte[] {1});
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(dir.resolve(SnapshotFile.NAME), elsewhere);

    assertThatThrownBy(() -> new SnapshotFile(dir).read())
        .isInstanceOfSatisfying(
            SnapshotException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PERMISSIONS));
  }
}
