package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageConfigTest {
  @TempDir Path dir;

  @Test
  void readsTagsLayersArchitectureAndHowTheRuntimeStartsIt() throws IOException {
    Files.writeString(
        dir.resolve("manifest.json"),
        """
        [{"Config":"abc.json","RepoTags":["ghcr.io/x/y:0.1.0"],"Layers":["l1.tar.gz","l2.tar.gz"]}]
        """);
    Files.writeString(
        dir.resolve("abc.json"),
        """
        {"architecture":"arm64","os":"linux","config":{
          "Env":["PATH=/opt/java/bin:/usr/bin","LANG=C.UTF-8","EMPTY="],
          "Entrypoint":["java","@/app/jvm.options","Main"]}}
        """);

    ImageConfig config = ImageConfig.read(dir);

    assertThat(config.repoTags()).containsExactly("ghcr.io/x/y:0.1.0");
    assertThat(config.layers()).containsExactly("l1.tar.gz", "l2.tar.gz");
    assertThat(config.architecture()).isEqualTo("arm64");
    assertThat(config.cmd()).isEmpty();
    assertThat(config.environment())
        .containsExactly(
            entry("PATH", "/opt/java/bin:/usr/bin"), entry("LANG", "C.UTF-8"), entry("EMPTY", ""));
  }

  @Test
  void podArgsReplaceTheImagesCmdAfterTheEntrypoint() {
    ImageConfig config =
        new ImageConfig(
            List.of(), List.of(), "amd64", List.of("agent"), List.of("-default"), List.of());

    assertThat(config.command(List.of("-localip", "x"))).containsExactly("agent", "-localip", "x");
    assertThat(config.command(List.of())).containsExactly("agent", "-default");
  }

  @Test
  void anImageWithNothingToStartIsAnError() {
    ImageConfig config =
        new ImageConfig(List.of(), List.of(), "amd64", List.of(), List.of(), List.of());

    assertThatThrownBy(() -> config.command(List.of()))
        .hasMessageContaining("neither an entrypoint nor a command");
  }

  private static java.util.Map.Entry<String, String> entry(String name, String value) {
    return java.util.Map.entry(name, value);
  }
}
