package io.nodelocaldns.installer.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.discovery.KubeErrors;
import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar node-local-dns.jar COMMAND [flags]}: parses, runs one command, and turns every
 * failure into one line on stderr and an exit code (0 ok, 1 failure, 2 usage).
 */
public final class InstallerMain {
  static final String PROGRAM = "node-local-dns";
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;

  /** The top level: only --help. */
  static final class Main {
    @Parameter(
        names = {"--help", "-h"},
        help = true,
        description = "this help")
    boolean help;
  }

  private InstallerMain() {}

  public static void main(String[] args) {
    // fabric8 and Helm log through JUL; their warnings would mix with our one-line messages
    Logger.getLogger("").setLevel(System.getenv("NLD_DEBUG") == null ? Level.OFF : Level.FINE);
    System.exit(run(args, System.out, System.err, Environment.system()));
  }

  static Map<String, Supplier<Command>> commands() {
    Map<String, Supplier<Command>> commands = new LinkedHashMap<>();
    commands.put("install", InstallCommand::new);
    commands.put("uninstall", UninstallCommand::new);
    commands.put("render", RenderCommand::new);
    commands.put("status", StatusCommand::new);
    commands.put("doctor", DoctorCommand::new);
    commands.put("migrate", MigrateCommand::new);
    commands.put("version", VersionCommand::new);
    return commands;
  }

  /** The top level's flags and every command's. */
  static JCommander parser(Main main, Collection<Command> commands) {
    JCommander.Builder builder = JCommander.newBuilder().programName(PROGRAM).addObject(main);
    commands.forEach(builder::addCommand);
    return builder.build();
  }

  /** Runs one command line; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, Environment environment) {
    Main main = new Main();
    Map<String, Command> commands = new LinkedHashMap<>();
    commands().forEach((name, make) -> commands.put(name, make.get()));
    JCommander jc = parser(main, commands.values());
    try {
      jc.parse(CommandFirst.reorder(jc, args));
    } catch (ParameterException e) {
      err.println(PROGRAM + ": " + usageMessage(e, args));
      err.println("see: " + PROGRAM + " --help");
      return EXIT_USAGE;
    }
    String name = jc.getParsedCommand();
    if (main.help || name == null) {
      out.print(HelpText.help(jc));
      return main.help ? EXIT_OK : usageNoCommand(err);
    }
    Command command = commands.get(name);
    if (command.help()) {
      out.print(HelpText.commandHelp(jc, name));
      return EXIT_OK;
    }
    try (Cli cli = new Cli(out, err, environment)) {
      return command.run(cli);
    } catch (UsageException e) {
      err.println(PROGRAM + " " + name + ": " + e.getMessage());
      return EXIT_USAGE;
    } catch (InstallerException e) {
      err.println(PROGRAM + " " + name + ": " + e.getMessage());
      return EXIT_FAILURE;
    } catch (KubernetesClientException e) {
      // the API server refused or could not be reached: what was asked, and the root cause
      err.println(PROGRAM + " " + name + ": " + KubeErrors.oneLine(e));
      return EXIT_FAILURE;
    } catch (Exception e) {
      // a bug or an unforeseen failure: still one line; NLD_DEBUG=1 shows the JUL logs
      String message =
          e.getMessage() == null
              ? ""
              : ": " + e.getMessage().strip().lines().findFirst().orElse("");
      err.println(PROGRAM + " " + name + ": " + e.getClass().getSimpleName() + message);
      return EXIT_FAILURE;
    }
  }

  private static int usageNoCommand(PrintStream err) {
    err.println(PROGRAM + ": no command given");
    return EXIT_USAGE;
  }

  private static String usageMessage(ParameterException e, String[] args) {
    String message = e.getMessage() == null ? "bad command line" : e.getMessage().strip();
    if (message.startsWith("Expected a command, got ")) {
      return "unknown command \""
          + message.substring("Expected a command, got ".length())
          + "\"; one of "
          + String.join(", ", commands().keySet());
    }
    if (message.startsWith("Was passed main parameter")) {
      String arg = message.replaceFirst("(?s)Was passed main parameter '([^']*)'.*", "$1");
      return arg.startsWith("-")
          ? "unknown flag \"" + arg + "\""
          : "unexpected argument \"" + arg + "\" (flags take --name value)";
    }
    return message.lines().findFirst().orElse(message);
  }
}
