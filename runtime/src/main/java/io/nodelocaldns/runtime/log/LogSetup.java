package io.nodelocaldns.runtime.log;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.log.LogConfig.ResponseClass;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code log [NAMES...] [{ class all|success|denial|error ... }]}. Only CoreDNS's common log
 * format is written; a format argument other than {@code {common}} is rejected.
 */
public final class LogSetup {

  /** The one format supported, and CoreDNS's default; accepted when written out. */
  public static final String COMMON_FORMAT = "{common}";

  private static final String CLASS = "class";
  private static final List<String> CLASSES = List.of("all", "success", "denial", "error");

  private LogSetup() {}

  public static LogConfig parse(Directive directive) {
    Args args = Args.of(directive);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(COMMON_FORMAT)) {
        continue;
      }
      if (arg.contains("{")) {
        // CoreDNS takes an argument with a '{' as a format such as "{remote} {name}"
        throw args.error(
            "custom log formats are not supported (only the common format), got \"" + arg + "\"");
      }
      String name = args.zone(i);
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      names.add(".");
    }
    Set<ResponseClass> classes = EnumSet.noneOf(ResponseClass.class);
    for (Directive line : args.block()) {
      if (!line.name().equals(CLASS)) {
        throw args.unknownOption(line, List.of(CLASS));
      }
      Args option =
          args.option(line)
              .count(1, Integer.MAX_VALUE, "class all|success|denial|error...")
              .noBlock();
      for (int i = 0; i < option.size(); i++) {
        String value = option.oneOf(i, "class", CLASSES);
        classes.add(ResponseClass.valueOf(value.toUpperCase(Locale.ROOT)));
      }
    }
    if (classes.isEmpty() || classes.contains(ResponseClass.ALL)) {
      classes = EnumSet.of(ResponseClass.ALL); // "all" covers the others
    }
    return new LogConfig(names, classes);
  }
}
