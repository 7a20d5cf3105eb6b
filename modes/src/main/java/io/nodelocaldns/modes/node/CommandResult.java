package io.nodelocaldns.modes.node;

import java.util.List;

/** What a command left behind: its exit code and its output. */
public record CommandResult(int exitCode, String stdout, String stderr) {
  /** The exit code of a command that could not be started (as a shell reports it). */
  public static final int NOT_STARTED = 127;

  public static final CommandResult OK = new CommandResult(0, "", "");

  public boolean ok() {
    return exitCode == 0;
  }

  /** One line for an error message: the command and what it said. */
  public String describe(List<String> argv) {
    String said = (stderr.isBlank() ? stdout : stderr).strip();
    return "`"
        + String.join(" ", argv)
        + "` exited "
        + exitCode
        + (said.isEmpty() ? "" : ": " + said);
  }
}
