package io.nodelocaldns.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A container image unpacked into a root filesystem as a container runtime would: the layers of a
 * {@code docker save} tarball extracted in order, each layer's whiteouts applied to those below it
 * ({@code .wh.NAME} deletes NAME, {@code .wh..wh..opq} empties its directory). GNU {@code tar} does
 * the extracting: it keeps modes, owners (as root), symlinks and hard links as they are.
 */
record ImageRootfs(Path root, ImageConfig config) {
  static final String WHITEOUT = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  /** What runc looks an entrypoint up on when the image sets no PATH. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Extracting ~200 MB on two shared cores; a bound, not an expectation. */
  private static final Duration TAR_TIMEOUT = Timeouts.scaled(Duration.ofMinutes(3));

  /** Unpacks {@code imageTar} into {@code root}, replacing whatever was there. */
  static ImageRootfs unpack(Path imageTar, Path root) {
    Path tarball = root.resolveSibling(root.getFileName() + ".tarball");
    delete(root);
    delete(tarball);
    try {
      Files.createDirectories(root);
      Files.createDirectories(tarball);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tar("-xf", imageTar.toString(), "-C", tarball.toString());
    ImageConfig config = ImageConfig.read(tarball);
    for (String layer : config.layers()) {
      Path file = tarball.resolve(layer);
      applyWhiteouts(root, entries(file));
      // the whiteout markers themselves are not part of the filesystem
      tar("-xf", file.toString(), "-C", root.toString(), "--exclude=" + WHITEOUT + "*");
    }
    delete(tarball);
    try {
      // real: the path /proc/PID/root shows for a process chrooted into it
      return new ImageRootfs(root.toRealPath(), config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes, in {@code root}, what the whiteouts among a layer's {@code entries} hide. Called
   * before the layer is extracted: an opaque directory hides what lower layers put in it, not what
   * this layer adds.
   */
  static void applyWhiteouts(Path root, List<String> entries) {
    for (String entry : entries) {
      // tar strips a leading "/" on extraction; so do we
      Path path = Path.of(entry.replaceFirst("^/+", "")).normalize();
      Path name = path.getFileName();
      if (name == null || !name.toString().startsWith(WHITEOUT)) {
        continue;
      }
      Path dir = inside(root, path.getParent());
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue; // nothing below to hide
      }
      if (name.toString().equals(OPAQUE)) {
        try (Stream<Path> children = Files.list(dir)) {
          for (Path child : children.toList()) {
            delete(child);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        delete(dir.resolve(name.toString().substring(WHITEOUT.length())));
      }
    }
  }

  /** The process a runtime starts for a pod's {@code args}: see {@link ImageConfig#command}. */
  List<String> command(List<String> args) {
    return config.command(args);
  }

  /**
   * Where the image's {@code PATH} finds {@code program}, as a path inside the root, as a container
   * runtime looks up an entrypoint without a slash; one with a slash is taken as it is.
   */
  String executable(String program) {
    if (program.contains("/")) {
      return program;
    }
    String path = config.environment().getOrDefault("PATH", DEFAULT_PATH);
    for (String dir : path.split(":")) {
      if (!dir.startsWith("/")) {
        continue;
      }
      String inRoot = (dir.endsWith("/") ? dir : dir + "/") + program;
      if (Files.exists(root.resolve(inRoot.substring(1)), LinkOption.NOFOLLOW_LINKS)) {
        return inRoot;
      }
    }
    throw new IllegalStateException(
        program + " is not on the image's PATH (" + path + ") in " + root);
  }

  /**
   * {@code relative} under {@code root}, resolved to its real path, refusing one that leaves the
   * root (through {@code ..} or a symlink): a whiteout must never delete anything on the host.
   */
  private static Path inside(Path root, Path relative) {
    try {
      Path realRoot = root.toRealPath();
      Path dir = relative == null ? realRoot : realRoot.resolve(relative).normalize();
      Path real = Files.exists(dir) ? dir.toRealPath() : dir;
      if (!real.startsWith(realRoot)) {
        throw new IllegalStateException(
            "whiteout in " + relative + " leads out of the root filesystem to " + real);
      }
      return real;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> entries(Path layer) {
    return tar("-tf", layer.toString()).stdout().lines().toList();
  }

  private static Commands.Result tar(String... args) {
    List<String> command = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword"));
    command.addAll(List.of(args));
    return Commands.run(command, TAR_TIMEOUT).check();
  }

  /**
   * Deletes a file or tree without following symlinks (an image's absolute links point at paths of
   * the image, which are paths of the host here) and without crossing into a mount.
   */
  static void delete(Path path) {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      Commands.run(List.of("rm", "-rf", "--one-file-system", "--", path.toString()), TAR_TIMEOUT)
          .check();
    }
  }
}
