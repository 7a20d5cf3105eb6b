package io.nodelocaldns.modes.node;

import java.io.PrintStream;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code --dry-run}: prints each command instead of running it. Changes "succeed"; checks are
 * printed as comments and answer "not present", so the whole plan is printed.
 */
public final class DryRunCommandRunner implements CommandRunner {
  /** The exit code of a check that found nothing ({@code iptables -C}, {@code ip link show}). */
  static final int NOT_PRESENT = 1;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");

  private final PrintStream out;

  public DryRunCommandRunner(PrintStream out) {
    this.out = out;
  }

  @Override
  public CommandResult run(List<String> argv) {
    out.println(shell(argv));
    return CommandResult.OK;
  }

  @Override
  public CommandResult query(List<String> argv) {
    out.println("# check: " + shell(argv));
    return new CommandResult(NOT_PRESENT, "", "");
  }

  /** The command as a shell would need it typed, e.g. with the comment quoted. */
  static String shell(List<String> argv) {
    return argv.stream()
        .map(arg -> SAFE.matcher(arg).matches() ? arg : "\"" + arg.replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining(" "));
  }
}
