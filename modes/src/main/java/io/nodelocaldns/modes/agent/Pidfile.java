package io.nodelocaldns.modes.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/** {@code -pidfile}: written once the runtime serves, removed on a clean exit. */
final class Pidfile {
  private static final Logger LOG = Logger.getLogger(Pidfile.class.getName());

  private Pidfile() {}

  static void write(Path file) {
    try {
      Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the pidfile " + file + " (-pidfile): " + e, e);
    }
  }

  static void remove(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warning(() -> "cannot remove the pidfile " + file + ": " + e);
    }
  }
}
