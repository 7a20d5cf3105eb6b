package io.nodelocaldns.installer.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code --kubeconfig k install} as well as {@code install --kubeconfig k}: kubectl users put flags
 * first, jcommander wants the command first, so the command word is moved to the front.
 */
final class CommandFirst {
  private CommandFirst() {}

  static String[] reorder(JCommander parser, String[] args) {
    if (args.length == 0 || !args[0].startsWith("-")) {
      return args;
    }
    Set<String> switches = switches(parser);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      boolean isValue =
          i > 0
              && args[i - 1].startsWith("-")
              && !args[i - 1].contains("=")
              && !switches.contains(args[i - 1]);
      if (!arg.startsWith("-") && !isValue) {
        if (!parser.getCommands().containsKey(arg)) {
          return args;
        }
        List<String> reordered = new ArrayList<>(List.of(args));
        reordered.remove(i);
        reordered.addFirst(arg);
        return reordered.toArray(String[]::new);
      }
    }
    return args;
  }

  /**
   * The flags that take no value, as jcommander parses them: of the top level and of any command
   * (the command is not known until its word is found). Read from the parser so that a new boolean
   * flag is a switch without being listed here.
   */
  static Set<String> switches(JCommander parser) {
    return Stream.concat(
            parser.getParameters().stream(),
            parser.getCommands().values().stream().flatMap(c -> c.getParameters().stream()))
        .filter(CommandFirst::takesNoValue)
        .flatMap(p -> Stream.of(p.getParameter().names()))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** jcommander's own rule: a boolean of no declared arity (or arity 0) consumes no argument. */
  private static boolean takesNoValue(ParameterDescription p) {
    Class<?> type = p.getParameterized().getType();
    boolean bool = type == boolean.class || type == Boolean.class;
    return bool && !p.getParameter().variableArity() && p.getParameter().arity() <= 0;
  }
}
