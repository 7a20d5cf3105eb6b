package io.nodelocaldns.installer.cli;

/** One of the CLI's commands; parsed by jcommander, then run. */
interface Command {
  /** The exit code: 0 ok, 1 failure. Usage errors are thrown. */
  int run(Cli cli) throws Exception;

  /** {@code --help} was given to this command. */
  boolean help();
}
