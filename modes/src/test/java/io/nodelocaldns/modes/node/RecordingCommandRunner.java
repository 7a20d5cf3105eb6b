package io.nodelocaldns.modes.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake node for tests: records every command and answers from scripted results, matched by a
 * prefix of the command line. Unscripted changes succeed; unscripted checks find nothing.
 */
public final class RecordingCommandRunner implements CommandRunner {
  public static final CommandResult ABSENT = new CommandResult(1, "", "");

  private final List<List<String>> commands = new ArrayList<>();
  private final Map<String, List<CommandResult>> scripted = new LinkedHashMap<>();

  /** Answers commands whose line starts with {@code prefix}; several results are used in turn. */
  public RecordingCommandRunner answer(String prefix, CommandResult... results) {
    scripted.put(prefix, new ArrayList<>(List.of(results)));
    return this;
  }

  @Override
  public CommandResult run(List<String> argv) {
    return respond(argv, CommandResult.OK);
  }

  @Override
  public CommandResult query(List<String> argv) {
    return respond(argv, ABSENT);
  }

  private CommandResult respond(List<String> argv, CommandResult fallback) {
    commands.add(List.copyOf(argv));
    String line = String.join(" ", argv);
    for (Map.Entry<String, List<CommandResult>> entry : scripted.entrySet()) {
      if (line.startsWith(entry.getKey())) {
        List<CommandResult> results = entry.getValue();
        return results.size() > 1 ? results.removeFirst() : results.getFirst();
      }
    }
    return fallback;
  }

  /** Every command line so far, joined with spaces. */
  public List<String> lines() {
    return commands.stream().map(argv -> String.join(" ", argv)).toList();
  }

  /** The command lines that start with {@code prefix}. */
  public List<String> lines(String prefix) {
    return lines().stream().filter(line -> line.startsWith(prefix)).toList();
  }
}
