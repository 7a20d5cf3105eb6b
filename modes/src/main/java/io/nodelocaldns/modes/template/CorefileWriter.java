package io.nodelocaldns.modes.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Writes {@code -conf} so that a reader never sees half a file: a temporary file in the same
 * directory, then a rename over the old one; and only when the content changed, so an unchanged
 * Corefile keeps its modification time and nothing reloads.
 */
public final class CorefileWriter {
  private CorefileWriter() {}

  /**
   * Writes {@code text} to {@code file} unless it already holds exactly that.
   *
   * @return whether the file was written
   * @throws UncheckedIOException naming the file if it cannot be written
   */
  public static boolean writeIfChanged(Path file, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
        return false;
      }
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
      try {
        Files.write(temp, bytes);
        try {
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Corefile " + file + " (-conf): " + e, e);
    }
  }
}
