package io.nodelocaldns.installer.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.ParameterException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.discovery.KubeErrors;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
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
      out.print(help(jc));
      return main.help ? EXIT_OK : usageNoCommand(err);
    }
    Command command = commands.get(name);
    if (command.help()) {
      out.print(commandHelp(jc, name));
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

  static String help(JCommander jc) {
    StringBuilder help = new StringBuilder();
    help.append(
        """
        Usage: %1$s COMMAND [flags]     (java -jar node-local-dns.jar COMMAND [flags])

        Installs NodeLocal DNSCache (node-local-dns, a per-node DNS cache) with its Helm chart on Kind,
        EKS or any cluster, and checks on it. Values it cannot be told are read from the cluster: the
        kube-dns Service IP, the cluster domain, kube-proxy's mode and the cluster type.

        Exit codes: 0 ok, 1 failure (one line on stderr saying what and how to fix it), 2 bad flags.

        Commands:
        """
            .formatted(PROGRAM));
    for (var entry : jc.getCommands().entrySet()) {
      help.append("  ").append(String.format("%-10s", entry.getKey()));
      help.append(wrap(jc.getUsageFormatter().getCommandDescription(entry.getKey()), 12))
          .append('\n');
    }
    help.append("\nFlags (each command takes those it lists; `")
        .append(PROGRAM)
        .append(" COMMAND --help`):\n");
    Map<String, ParameterDescription> all = new LinkedHashMap<>();
    for (var entry : jc.getCommands().entrySet()) {
      for (ParameterDescription p : entry.getValue().getParameters()) {
        all.putIfAbsent(p.getNames(), p);
      }
    }
    appendFlags(help, List.copyOf(all.values()));
    for (var entry : jc.getCommands().entrySet()) {
      help.append("\n  ").append(String.format("%-11s", entry.getKey() + ":"));
      help.append(
          wrap(
              String.join(
                  " ",
                  entry.getValue().getParameters().stream()
                      .sorted(Comparator.comparing(ParameterDescription::getLongestName))
                      .map(ParameterDescription::getLongestName)
                      .toList()),
              13));
    }
    help.append("\n");
    return help.toString();
  }

  static String commandHelp(JCommander jc, String name) {
    JCommander command = jc.getCommands().get(name);
    StringBuilder help = new StringBuilder();
    help.append("Usage: ").append(PROGRAM).append(' ').append(name).append(" [flags]\n\n");
    help.append(wrap(jc.getUsageFormatter().getCommandDescription(name), 0)).append("\n\nFlags:\n");
    appendFlags(help, command.getParameters());
    return help.toString();
  }

  private static void appendFlags(StringBuilder help, List<ParameterDescription> flags) {
    for (ParameterDescription p :
        flags.stream()
            .sorted(Comparator.comparing(ParameterDescription::getLongestName))
            .toList()) {
      help.append("  ").append(p.getNames()).append('\n');
      String text = p.getDescription();
      Object def = p.getDefault();
      if (def != null && !(def instanceof Boolean) && !(def instanceof List<?> l && l.isEmpty())) {
        text += " (default: " + def + ")";
      }
      help.append("      ").append(wrap(text, 6)).append('\n');
    }
  }

  private static String wrap(String text, int indent) {
    StringBuilder out = new StringBuilder();
    int column = indent;
    for (String word : text.split(" ")) {
      if (column + word.length() > 100 && column > indent) {
        out.append('\n').append(" ".repeat(indent));
        column = indent;
      } else if (column > indent) {
        out.append(' ');
        column++;
      }
      out.append(word);
      column += word.length();
    }
    return out.toString();
  }
}
