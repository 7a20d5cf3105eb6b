package io.nodelocaldns.installer;

import java.util.stream.Collectors;

/** A failure the user can act on: the message is one line (exit code 1, no stack trace). */
public class InstallerException extends RuntimeException {
  public InstallerException(String message) {
    super(message);
  }

  public InstallerException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Helm's error text on one line: its lines joined, list dashes dropped. Helm puts what matters
   * (e.g. which value the schema rejects) on the lines after the first.
   */
  public static String oneLine(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message
        .lines()
        .map(String::strip)
        .map(line -> line.startsWith("- ") ? line.substring(2) : line)
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining(" "));
  }
}
