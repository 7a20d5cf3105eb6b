package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-layer image tarball made here with GNU tar, unpacked as a runtime would. */
class ImageRootfsTest {
  @TempDir Path dir;

  @Test
  void layersAreAppliedInOrderAndWhiteoutsHideWhatLowerLayersPut() throws IOException {
    Path lower = layer("lower", "etc/a=one", "etc/b=gone", "opt/x/1=gone", "opt/x/2=gone");
    Path upper = layer("upper", "etc/a=two", "etc/.wh.b=", "opt/x/.wh..wh..opq=", "opt/x/3=new");
    Path tarball = imageTarball(List.of(lower, upper), "[\"/bin/agent\",\"-flag\"]", "[]");

    ImageRootfs image = ImageRootfs.unpack(tarball, dir.resolve("rootfs"));

    Path root = image.root();
    assertThat(root.resolve("etc/a")).hasContent("two");
    assertThat(root.resolve("etc/b")).doesNotExist();
    assertThat(root.resolve("opt/x/3")).hasContent("new");
    assertThat(files(root))
        .as("the opaque directory holds only the upper layer's file, no whiteout is left")
        .containsExactlyInAnyOrder("etc/a", "opt/x/3");
    assertThat(image.config().repoTags()).containsExactly("example/agent:1.0");
    assertThat(image.command(List.of("-localip", "1.2.3.4")))
        .containsExactly("/bin/agent", "-flag", "-localip", "1.2.3.4");
    assertThat(dir.resolve("rootfs.tarball")).as("scratch directory removed").doesNotExist();
  }

  @Test
  void unpackingAgainReplacesTheOldRootfs() throws IOException {
    Path tarball = imageTarball(List.of(layer("only", "f=1")), "[\"/f\"]", "[]");
    Path root = dir.resolve("rootfs");
    Files.createDirectories(root.resolve("stale"));

    ImageRootfs.unpack(tarball, root);

    assertThat(files(root)).containsExactly("f");
  }

  @Test
  void aWhiteoutThroughASymlinkOutOfTheRootDeletesNothingOnTheHost() throws IOException {
    Path root = Files.createDirectories(dir.resolve("rootfs"));
    Path outside = Files.createDirectories(dir.resolve("host"));
    Files.writeString(outside.resolve("precious"), "keep");
    Files.createSymbolicLink(root.resolve("link"), outside);

    assertThatThrownBy(() -> ImageRootfs.applyWhiteouts(root, List.of("./link/.wh.precious")))
        .hasMessageContaining("leads out of the root filesystem");
    assertThatThrownBy(() -> ImageRootfs.applyWhiteouts(root, List.of("../host/.wh.precious")))
        .hasMessageContaining("leads out of the root filesystem");
    assertThat(outside.resolve("precious")).hasContent("keep");
  }

  /** A layer tarball of {@code files} ("path=content"), gzipped as Jib's are. */
  private Path layer(String name, String... files) throws IOException {
    Path tree = Files.createDirectories(dir.resolve("layer-" + name));
    for (String file : files) {
      String[] pathAndContent = file.split("=", 2);
      Path path = tree.resolve(pathAndContent[0]);
      Files.createDirectories(path.getParent());
      Files.writeString(path, pathAndContent[1]);
    }
    Path tar = dir.resolve(name + ".tar.gz");
    Commands.run(List.of("tar", "-czf", tar.toString(), "-C", tree.toString(), ".")).check();
    return tar;
  }

  /** A {@code docker save} tarball: manifest.json, the config, the layers. */
  private Path imageTarball(List<Path> layers, String entrypoint, String cmd) throws IOException {
    Path content = Files.createDirectories(dir.resolve("image"));
    List<String> names = new ArrayList<>();
    for (Path layer : layers) {
      Files.copy(layer, content.resolve(layer.getFileName()));
      names.add("\"" + layer.getFileName() + "\"");
    }
    Files.writeString(
        content.resolve("config.json"),
        """
        {"architecture":"amd64","os":"linux",
         "config":{"Env":["PATH=/bin"],"Entrypoint":%s,"Cmd":%s}}
        """
            .formatted(entrypoint, cmd));
    Files.writeString(
        content.resolve("manifest.json"),
        "[{\"Config\":\"config.json\",\"RepoTags\":[\"example/agent:1.0\"],\"Layers\":[%s]}]"
            .formatted(String.join(",", names)));
    Path tarball = dir.resolve("image.tar");
    Commands.run(List.of("tar", "-cf", tarball.toString(), "-C", content.toString(), ".")).check();
    return tarball;
  }

  /** The regular files under {@code root}, relative. */
  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
    }
  }
}
