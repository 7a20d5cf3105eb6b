package io.nodelocaldns.installer.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --help} and {@code COMMAND --help}, written from the commands' own descriptions. */
final class HelpText {
  private HelpText() {}

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
            .formatted(InstallerMain.PROGRAM));
    for (var entry : jc.getCommands().entrySet()) {
      help.append("  ").append(String.format("%-10s", entry.getKey()));
      help.append(wrap(jc.getUsageFormatter().getCommandDescription(entry.getKey()), 12))
          .append('\n');
    }
    help.append("\nFlags (each command takes those it lists; `")
        .append(InstallerMain.PROGRAM)
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
    help.append("Usage: ")
        .append(InstallerMain.PROGRAM)
        .append(' ')
        .append(name)
        .append(" [flags]\n\n");
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
