package io.nodelocaldns.runtime.warm;

import io.nodelocaldns.runtime.warm.SnapshotException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The snapshot in the state directory: written whole to a temporary file and renamed over the last
 * one (a crash mid-write leaves the previous snapshot), owner-only permissions; read only from a
 * directory and file this process's user owns that nobody else can write, so nothing reachable from
 * a pod can plant answers.
 */
public final class SnapshotFile {
  static final String NAME = "cache.snapshot";

  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private final Path directory;

  public SnapshotFile(Path directory) {
    this.directory = directory;
  }

  public Path path() {
    return directory.resolve(NAME);
  }

  /** Creates the state directory, owner-only, unless it exists. */
  void ensureDirectory() throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, OWNER_ONLY_DIR);
    }
  }

  /** Replaces the snapshot with {@code bytes} in one rename. */
  void write(byte[] bytes) throws IOException {
    ensureDirectory();
    Path temporary = directory.resolve(NAME + ".tmp-" + ProcessHandle.current().pid());
    Files.deleteIfExists(temporary);
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true); // on disk before the rename makes it the snapshot
    }
    try {
      Files.move(temporary, path(), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, path(), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The snapshot's bytes; empty when there is none (a first start).
   *
   * @throws SnapshotException when it exists but must not or cannot be used
   */
  Optional<byte[]> read() throws SnapshotException {
    Path file = path();
    try {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      refuseUnlessPrivate(directory);
      refuseUnlessPrivate(file);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new SnapshotException(Reason.PERMISSIONS, file + " is not a regular file");
      }
      long size = Files.size(file);
      if (size > SnapshotFormat.MAX_BYTES) {
        throw new SnapshotException(
            Reason.OVERSIZED,
            file + ": " + size + " bytes (at most " + SnapshotFormat.MAX_BYTES + " are read)");
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // removed while we looked
    } catch (IOException e) {
      throw new SnapshotException(Reason.UNREADABLE, file + ": " + e);
    }
  }

  private static void refuseUnlessPrivate(Path path) throws IOException, SnapshotException {
    int owner = (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int us = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid"); // our effective uid
    if (owner != us) {
      throw new SnapshotException(
          Reason.PERMISSIONS, path + " is owned by uid " + owner + ", not this agent's " + us);
    }
    Set<PosixFilePermission> permissions =
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (permissions.stream().anyMatch(OTHERS_WRITE::contains)) {
      throw new SnapshotException(
          Reason.PERMISSIONS,
          path
              + " is writable by others ("
              + PosixFilePermissions.toString(permissions)
              + "): not trusted");
    }
  }
}
