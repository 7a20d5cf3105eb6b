package io.nodelocaldns.installer;

/** A bad command line: one line naming the flag and the value at fault (exit code 2). */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
