package io.nodelocaldns.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NodeFileWrite}'s script, run here with {@code sh} as the node container would. */
class NodeFileWriteTest {
  @TempDir Path dir;

  /** {@code sh -c SCRIPT sh FILE BYTES} with {@code stdin}; its exit code and stderr. */
  private Result write(Path file, long bytes, String stdin) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("sh", "-c", NodeFileWrite.SCRIPT, "sh", file.toString()));
    command.add(String.valueOf(bytes));
    Process process = new ProcessBuilder(command).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(
        process.exitValue(),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  record Result(int exit, String stderr) {}

  private List<String> files() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theNewTextReplacesTheFileByARenameKeepingItsMode() throws Exception {
    Path file = Files.writeString(dir.resolve("config.yaml"), "clusterDNS:\n- 10.96.0.10\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Object inode = Files.getAttribute(file, "unix:ino");
    String text = "clusterDNS:\n- 169.254.20.10\n# é\n";

    Result result = write(file, text.getBytes(StandardCharsets.UTF_8).length, text);

    assertThat(result.exit()).as(result.stderr()).isZero();
    assertThat(Files.readString(file)).isEqualTo(text);
    assertThat(Files.getAttribute(file, "unix:ino")).isNotEqualTo(inode);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    assertThat(files()).containsExactly("config.yaml");
  }

  @Test
  void aWriteCutShortLeavesTheFileAsItWasAndNoTemporaryFile() throws Exception {
    String before = "clusterDNS:\n- 10.96.0.10\n";
    Path file = Files.writeString(dir.resolve("config.yaml"), before);

    Result result = write(file, 100, "clusterDNS:\n- 169.2");

    assertThat(result.exit()).isNotZero();
    assertThat(result.stderr()).contains("got 19 of 100 bytes, left as it was");
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(files()).containsExactly("config.yaml");
  }

  @Test
  void theFileIsAnArgumentNotPartOfTheScript() {
    assertThat(NodeFileWrite.execArgs("kind-worker", "/var/lib/kubelet/config.yaml", "é\n"))
        .containsExactly(
            "exec",
            "-i",
            "kind-worker",
            "sh",
            "-c",
            NodeFileWrite.SCRIPT,
            "sh",
            "/var/lib/kubelet/config.yaml",
            "3");
    assertThat(NodeFileWrite.SCRIPT).doesNotContain("/var/lib/kubelet");
  }
}
