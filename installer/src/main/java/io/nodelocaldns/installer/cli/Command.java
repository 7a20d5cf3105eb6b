package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;

/** One of the CLI's commands; parsed by jcommander (which reads inherited flags too), then run. */
abstract class Command {
  @Parameter(
      names = {"--help", "-h"},
      help = true,
      description = "this command's help")
  private boolean help;

  /** The exit code: 0 ok, 1 failure. Usage errors are thrown. */
  abstract int run(Cli cli) throws Exception;

  /** {@code --help} was given to this command. */
  final boolean help() {
    return help;
  }
}
