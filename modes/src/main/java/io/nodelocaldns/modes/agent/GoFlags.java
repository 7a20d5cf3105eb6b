package io.nodelocaldns.modes.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command line read as Go's {@code flag} package reads it, so the upstream node-cache's arguments
 * work unchanged: {@code -flag value}, {@code -flag=value}, {@code --flag} as {@code -flag};
 * booleans as {@code -flag} or {@code -flag=true|false} (never {@code -flag false}). Parsing only
 * splits and checks names; values are converted by whoever defined the flag.
 */
final class GoFlags {
  private static final Set<String> HELP = Set.of("h", "help");
  private static final Set<String> TRUE = Set.of("1", "t", "T", "true", "TRUE", "True");
  private static final Set<String> FALSE = Set.of("0", "f", "F", "false", "FALSE", "False");

  /**
   * One flag.
   *
   * @param name without dashes, e.g. {@code localip}
   * @param dashes how the help spells it: {@code "-"} for upstream flags, {@code "--"} for ours
   * @param valueName what the help shows after the name, e.g. {@code DURATION}; empty for booleans
   * @param defaultText the default as the help shows it; empty for none
   */
  record Flag(
      String name,
      String dashes,
      boolean bool,
      String valueName,
      String defaultText,
      String usage) {
    String spelled() {
      return dashes + name;
    }
  }

  /** What a command line asked for: raw values by flag name (booleans {@code "true"/"false"}). */
  record Parsed(Map<String, String> values, boolean help) {
    Optional<String> value(String name) {
      return Optional.ofNullable(values.get(name));
    }
  }

  private final Map<String, Flag> flags = new LinkedHashMap<>();
  private final Map<String, String> aliases = new LinkedHashMap<>();

  GoFlags define(Flag flag) {
    flags.put(flag.name(), flag);
    return this;
  }

  /** {@code alias} means the same as {@code target} (e.g. {@code -corefile} for {@code -conf}). */
  GoFlags alias(String alias, String target) {
    aliases.put(alias, target);
    return this;
  }

  Flag flag(String name) {
    return flags.get(name);
  }

  Parsed parse(String[] args) throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        if (i + 1 < args.length) {
          throw new UsageException(
              "unexpected argument \"" + args[i + 1] + "\" (the agent takes flags only)");
        }
        break;
      }
      if (arg.length() < 2 || arg.charAt(0) != '-') {
        throw new UsageException(
            "unexpected argument \"" + arg + "\" (the agent takes flags only)");
      }
      String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      if (body.isEmpty() || body.startsWith("-") || body.startsWith("=")) {
        throw new UsageException("bad flag syntax: " + arg);
      }
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      Optional<String> inline = eq < 0 ? Optional.empty() : Optional.of(body.substring(eq + 1));
      Flag flag = flags.get(aliases.getOrDefault(name, name));
      if (flag == null) {
        if (HELP.contains(name)) {
          return new Parsed(values, true);
        }
        throw new UsageException("flag provided but not defined: -" + name + " (see --help)");
      }
      if (flag.bool()) {
        values.put(flag.name(), inline.isPresent() ? bool(flag, inline.get()) : "true");
      } else if (inline.isPresent()) {
        values.put(flag.name(), inline.get());
      } else if (i + 1 < args.length) {
        values.put(flag.name(), args[++i]);
      } else {
        throw new UsageException(
            "flag needs an argument: " + flag.spelled() + " " + flag.valueName());
      }
    }
    return new Parsed(values, false);
  }

  private static String bool(Flag flag, String value) throws UsageException {
    if (TRUE.contains(value)) {
      return "true";
    }
    if (FALSE.contains(value)) {
      return "false";
    }
    throw new UsageException(
        flag.spelled() + ": invalid boolean \"" + value + "\" (expected: true or false)");
  }

  /** The help text: each flag, what it takes, what it does and its default. */
  String usage() {
    StringBuilder out = new StringBuilder();
    for (Flag flag : flags.values()) {
      out.append("  ").append(flag.spelled());
      if (!flag.bool()) {
        out.append(' ').append(flag.valueName());
      }
      List<String> also = new ArrayList<>();
      aliases.forEach(
          (alias, target) -> {
            if (target.equals(flag.name())) {
              also.add("-" + alias);
            }
          });
      if (!also.isEmpty()) {
        out.append("  (also ").append(String.join(", ", also)).append(')');
      }
      out.append("\n      ").append(flag.usage());
      if (!flag.defaultText().isEmpty()) {
        out.append(" (default ").append(flag.defaultText()).append(')');
      }
      out.append('\n');
    }
    return out.toString();
  }
}
