package io.nodelocaldns.modes.agent;

/**
 * Why the agent stops before it serves: the one line for stderr and the exit code. Every such
 * failure is thrown as this and printed in one place, {@link Agent#run()}.
 */
final class AgentFailure extends Exception {
  private final int exitCode;

  private AgentFailure(String line, int exitCode, Throwable cause) {
    super(line, cause);
    this.exitCode = exitCode;
  }

  /** The node or an input is not as the agent needs it: {@code node-local-dns-agent: why}. */
  static AgentFailure setup(Exception cause) {
    return new AgentFailure(
        AgentMain.PROGRAM + ": " + cause.getMessage(), Agent.EXIT_FAILURE, cause);
  }

  /** The Corefile cannot be served: {@code [FATAL] why}, as CoreDNS words it. */
  static AgentFailure fatal(Exception cause) {
    return new AgentFailure("[FATAL] " + cause.getMessage(), Agent.EXIT_FAILURE, cause);
  }

  int exitCode() {
    return exitCode;
  }
}
