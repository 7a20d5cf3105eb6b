package io.nodelocaldns.modes.node;

import java.util.ArrayList;
import java.util.List;

/**
 * Rules through one iptables backend, with idempotent verbs: ensure = check ({@code -C}) then
 * insert ({@code -I}); remove = delete ({@code -D}) until none is left, so duplicates from earlier
 * runs go too. Every call waits for the xtables lock ({@code -w}) rather than failing at once.
 */
public final class Iptables {
  /** Seconds to wait for the xtables lock, as upstream; kube-proxy holds it for its syncs. */
  static final String LOCK_WAIT_SECONDS = "5";

  /** iptables' exit code for "no such rule" (on -C and -D). */
  static final int RULE_ABSENT = 1;

  /** Stops a delete loop that never ends (a runner that always says "deleted"). */
  static final int MAX_DUPLICATES = 100;

  private final CommandRunner runner;
  private final IptablesBackend backend;

  public Iptables(CommandRunner runner, IptablesBackend backend) {
    this.runner = runner;
    this.backend = backend;
  }

  public IptablesBackend backend() {
    return backend;
  }

  /** Whether the rule is there. */
  public boolean exists(IptablesRule rule) {
    List<String> argv = argv("-C", rule);
    CommandResult result = runner.query(argv);
    if (result.ok()) {
      return true;
    }
    if (result.exitCode() == RULE_ABSENT && !isLockTimeout(result)) {
      return false;
    }
    throw failure(argv, result);
  }

  /** Inserts the rule unless it is there; returns whether this call inserted it. */
  public boolean ensure(IptablesRule rule) {
    if (exists(rule)) {
      return false;
    }
    List<String> argv = argv("-I", rule);
    CommandResult result = runner.run(argv);
    if (!result.ok()) {
      throw failure(argv, result);
    }
    return true;
  }

  /** Deletes every copy of the rule; none is fine. */
  public void remove(IptablesRule rule) {
    // Delete first, then check: a dry run prints one -D per rule and stops.
    for (int i = 0; i < MAX_DUPLICATES; i++) {
      List<String> argv = argv("-D", rule);
      CommandResult result = runner.run(argv);
      if (!result.ok()) {
        if (result.exitCode() == RULE_ABSENT && !isLockTimeout(result)) {
          return;
        }
        throw failure(argv, result);
      }
      if (!exists(rule)) {
        return;
      }
    }
  }

  /** {@code iptables -w 5 -t raw -I PREROUTING -p udp -d IP --dport 53 -j NOTRACK -m comment …}. */
  List<String> argv(String verb, IptablesRule rule) {
    List<String> argv = new ArrayList<>();
    argv.add(backend.command(rule.family()));
    argv.addAll(List.of("-w", LOCK_WAIT_SECONDS, "-t", rule.table(), verb, rule.chain()));
    argv.addAll(rule.spec());
    argv.addAll(List.of("-m", "comment", "--comment", rule.comment()));
    return argv;
  }

  private static boolean isLockTimeout(CommandResult result) {
    return result.stderr().contains("xtables lock");
  }

  private static NodeCommandException failure(List<String> argv, CommandResult result) {
    SetupErrors.Type type =
        isLockTimeout(result) ? SetupErrors.Type.IPTABLES_LOCK : SetupErrors.Type.IPTABLES;
    return new NodeCommandException(type, result.describe(argv));
  }
}
