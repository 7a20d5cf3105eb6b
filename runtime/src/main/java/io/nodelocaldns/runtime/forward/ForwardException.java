package io.nodelocaldns.runtime.forward;

/** No upstream answered a query; the message says what each one did. */
final class ForwardException extends RuntimeException {
  ForwardException(String message) {
    super(message, null, false, false);
  }
}
