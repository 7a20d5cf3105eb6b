package io.nodelocaldns.e2e.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** An installed kernel the guest boots: {@code /boot/vmlinuz-<version>} and its modules. */
record Kernel(String version, Path image, Path modules) {
  static final Path BOOT = Path.of("/boot");
  static final Path LIB_MODULES = Path.of("/lib/modules");

  /** The newest {@code /boot/vmlinuz-*} whose {@code /lib/modules/<version>} is there, if any. */
  static Optional<Kernel> installed() {
    if (!Files.isDirectory(BOOT)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(BOOT)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("vmlinuz-"))
          .map(n -> n.substring("vmlinuz-".length()))
          .map(v -> new Kernel(v, BOOT.resolve("vmlinuz-" + v), LIB_MODULES.resolve(v)))
          .filter(k -> Files.isReadable(k.image()) && Files.isDirectory(k.modules()))
          .max(Comparator.comparing(Kernel::version));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
