package io.nodelocaldns.modes.node;

/** A node command failed; carries the reason it is counted under in the setup error metric. */
public final class NodeCommandException extends RuntimeException {
  private final SetupErrors.Type type;

  public NodeCommandException(SetupErrors.Type type, String message) {
    super(message);
    this.type = type;
  }

  public SetupErrors.Type type() {
    return type;
  }
}
