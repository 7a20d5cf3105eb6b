package io.nodelocaldns.installer;

/** A failure the user can act on: the message is one line (exit code 1, no stack trace). */
public class InstallerException extends RuntimeException {
  public InstallerException(String message) {
    super(message);
  }

  public InstallerException(String message, Throwable cause) {
    super(message, cause);
  }
}
