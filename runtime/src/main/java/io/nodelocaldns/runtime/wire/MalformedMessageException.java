package io.nodelocaldns.runtime.wire;

/** A DNS message that cannot be parsed; the message says what was wrong. */
public final class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message, null, false, false);
  }
}
