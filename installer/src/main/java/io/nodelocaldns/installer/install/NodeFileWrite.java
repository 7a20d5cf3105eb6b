package io.nodelocaldns.installer.install;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Replaces a file inside a node container atomically, through {@code docker/podman exec -i NODE sh
 * -c SCRIPT}: the new text (on stdin) goes to a temporary file next to it (made with {@code cp -p},
 * so it has the old one's mode and owner), and only once all of it has arrived (its size is
 * checked) is it renamed over the file. A reader (kubelet starting) sees the old file or the new
 * one, never half of either; a write cut short leaves the old file as it was and no temporary file.
 */
final class NodeFileWrite {
  /**
   * {@code $1} the file, {@code $2} the number of bytes to expect on stdin. POSIX sh, plus {@code
   * mktemp}; {@code sync FILE} where coreutils has it.
   */
  static final String SCRIPT =
      "set -e; f=$1; n=$2; t=$(mktemp \"$f.XXXXXX\"); trap 'rm -f \"$t\"' EXIT;"
          + " cp -p \"$f\" \"$t\"; cat > \"$t\"; s=$(wc -c < \"$t\");"
          + " if [ $((s)) -ne \"$n\" ]; then"
          + " echo \"$f: got $((s)) of $n bytes, left as it was\" >&2; exit 1; fi;"
          + " sync \"$t\" 2>/dev/null || true; mv -f \"$t\" \"$f\"";

  private NodeFileWrite() {}

  /** The runtime's arguments that write {@code text} to {@code file} in container {@code node}. */
  static List<String> execArgs(String node, String file, String text) {
    return List.of(
        "exec",
        "-i",
        node,
        "sh",
        "-c",
        SCRIPT,
        "sh",
        file,
        String.valueOf(text.getBytes(StandardCharsets.UTF_8).length));
  }
}
