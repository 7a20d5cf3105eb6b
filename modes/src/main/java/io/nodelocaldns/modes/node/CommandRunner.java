package io.nodelocaldns.modes.node;

import java.util.List;

/**
 * Runs one command ({@code ip}, {@code iptables}, …). Injected so the node code can be tested
 * without root, printed instead of run ({@code --dry-run}) or run inside a network namespace.
 */
public interface CommandRunner {
  /** Runs a command that changes the node. */
  CommandResult run(List<String> argv);

  /**
   * Runs a command that only looks ({@code ip link show}, {@code iptables -C}, {@code
   * iptables-save}). A dry run answers "not present" here so the whole plan gets printed.
   */
  default CommandResult query(List<String> argv) {
    return run(argv);
  }
}
