package io.nodelocaldns.installer.kube;

import io.nodelocaldns.installer.InstallerException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Errors about a kubeconfig that cannot be read say where, never what: a YAML parser's message
 * quotes the offending line (with a caret under it) and a mapper's quotes the offending value, and
 * in a kubeconfig that line or value can be a token, a password or a key. Only the line and column
 * numbers are taken from the parser's message.
 */
final class KubeconfigErrors {
  /** snakeyaml's {@code line 9, column 24} and Jackson's {@code line: 9, column: 24}. */
  private static final Pattern LOCATION = Pattern.compile("line:? (\\d+), column:? (\\d+)");

  private KubeconfigErrors() {}

  /**
   * {@code cannot read the kubeconfig FILE: ...}, with the position of the problem if the parser
   * named one; no part of {@code parseError}'s message but those numbers, and not as the cause.
   */
  static InstallerException unreadable(Path file, Throwable parseError) {
    return new InstallerException(
        "cannot read the kubeconfig "
            + file
            + ": it is not a kubeconfig that can be parsed"
            + location(parseError).map(at -> " (" + at + ")").orElse("")
            + "; its text is not shown, as it may hold credentials");
  }

  /** {@code line L, column C} of the first message in the cause chain that names one. */
  static Optional<String> location(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() == null) {
        continue;
      }
      Matcher m = LOCATION.matcher(t.getMessage());
      if (m.find()) {
        return Optional.of("line " + m.group(1) + ", column " + m.group(2));
      }
    }
    return Optional.empty();
  }
}
