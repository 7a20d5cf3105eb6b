package io.nodelocaldns.modes.agent;

import io.nodelocaldns.runtime.RuntimeLogging;
import java.io.PrintStream;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * {@code java @jvm.options -jar node-local-dns-agent.jar -localip 169.254.20.10,10.96.0.10 ...}:
 * reads the flags and hands over to {@link Agent}.
 */
public final class AgentMain {
  static final int EXIT_USAGE = 2;
  static final String PROGRAM = "node-local-dns-agent";
  private static final Logger LOG = Logger.getLogger(AgentMain.class.getName());

  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, new NodeAgentComponents()));
  }

  /** Parses {@code args}, then runs the agent (until SIGTERM/SIGINT); returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err, AgentComponents components) {
    AgentFlags flags = new AgentFlags();
    AgentFlags.Request request;
    try {
      request = flags.parse(args);
    } catch (UsageException e) {
      err.println(PROGRAM + ": " + e.getMessage());
      return EXIT_USAGE;
    }
    if (request instanceof AgentFlags.Help) {
      out.print(help(flags));
      return Agent.EXIT_OK;
    }
    AgentFlags.Run run = (AgentFlags.Run) request;
    if (!run.config().dryRun()) {
      RuntimeLogging
          .install(); // the runtime's log format, on stdout; a dry run keeps stdout for its output
    }
    run.notices().forEach(LOG::warning);
    Agent agent = new Agent(run.config(), components, AgentEnvironment.system(out, err));
    if (!run.config().dryRun()) {
      for (String signal : new String[] {"TERM", "INT"}) {
        Signal.handle(new Signal(signal), received -> agent.stop());
      }
    }
    return agent.run();
  }

  static String help(AgentFlags flags) {
    return """
        Usage: %s [flags]

        The node agent of node-local-dns: templates the Corefile, puts the mode's link and addresses on
        the node, serves, then inserts the NOTRACK/ACCEPT rules that steer pods' DNS to it; keeps all
        of it so every -syncinterval and undoes it on SIGTERM. Flags take Go's syntax: -flag value, -flag=value, --flag; booleans -flag or
        -flag=false.

        Exit codes: 0 after SIGTERM/SIGINT or a dry run, 1 bad Corefile or node setup failed, 2 bad flags.

        Flags:
        """
            .formatted(PROGRAM)
        + flags.usage();
  }
}
