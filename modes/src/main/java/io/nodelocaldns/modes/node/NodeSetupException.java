package io.nodelocaldns.modes.node;

/** The node cannot be set up as asked; the message tells the operator why and what to change. */
public final class NodeSetupException extends RuntimeException {
  public NodeSetupException(String message) {
    super(message);
  }

  public NodeSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
