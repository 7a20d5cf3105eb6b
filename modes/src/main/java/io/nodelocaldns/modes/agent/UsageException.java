package io.nodelocaldns.modes.agent;

/** A bad command line: the message is one line for the user, naming the flag and what it takes. */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
