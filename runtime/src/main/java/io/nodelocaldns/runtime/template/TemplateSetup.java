package io.nodelocaldns.runtime.template;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.template.TemplateRule.ExtendedError;
import io.nodelocaldns.runtime.wire.Rcode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a block's {@code template} lines, as CoreDNS's template plugin does (see the package
 * description for the syntax). Regexes and templates are compiled here, so that what cannot be
 * served is refused with its line.
 */
public final class TemplateSetup {
  static final String MATCH = "match";
  static final String ANSWER = "answer";
  static final String ADDITIONAL = "additional";
  static final String AUTHORITY = "authority";
  static final String RCODE = "rcode";
  static final String EDERROR = "ederror";
  static final String FALLTHROUGH = "fallthrough";
  static final String UPSTREAM = "upstream";
  static final List<String> OPTIONS =
      List.of(MATCH, ANSWER, ADDITIONAL, AUTHORITY, RCODE, EDERROR, FALLTHROUGH);

  private static final String USAGE = "template CLASS TYPE [ZONE...]";
  private static final String ANY_ORDER_OF = "IN, CH, HS, CS, NONE, ANY";

  /** Stands in for every action when a template's fixed text is examined: no text has it. */
  private static final String ACTION = "\uE000";

  private TemplateSetup() {}

  /**
   * Reads every {@code template} line of a block, each one rule.
   *
   * @param blockZones the block's normalised zones, a rule's zones when it names none
   */
  public static TemplateConfig parse(List<Directive> lines, List<String> blockZones) {
    List<TemplateRule> rules = new ArrayList<>();
    for (Directive line : lines) {
      rules.add(rule(line, blockZones));
    }
    return new TemplateConfig(rules);
  }

  static TemplateRule rule(Directive line, List<String> blockZones) {
    Args args = Args.of(line).count(2, Integer.MAX_VALUE, USAGE);
    int qclass =
        name(args, 0, "CLASS", MiekgNames.classValue(args.get(0)), "a class: " + ANY_ORDER_OF);
    int qtype =
        name(
            args,
            1,
            "TYPE",
            MiekgNames.typeValue(args.get(1)),
            "a record type such as A, AAAA, PTR or ANY");
    List<String> zones = args.zones(2);
    if (zones.isEmpty()) {
      zones = blockZones;
    }

    List<GoRegex> regexes = new ArrayList<>();
    List<GoTemplate> answer = new ArrayList<>();
    List<GoTemplate> additional = new ArrayList<>();
    List<GoTemplate> authority = new ArrayList<>();
    int rcode = Rcode.NOERROR;
    Optional<ExtendedError> extendedError = Optional.empty();
    List<String> fallthrough = List.of();
    for (Directive optionLine : args.block()) {
      Args option = args.option(optionLine);
      switch (optionLine.name()) {
        case MATCH -> {
          option.count(1, Integer.MAX_VALUE, "match REGEX...").noBlock();
          for (String regex : option.values()) {
            regexes.add(regex(option, regex));
          }
        }
        case ANSWER -> templates(option, "answer RR...", answer);
        case ADDITIONAL -> templates(option, "additional RR...", additional);
        case AUTHORITY -> templates(option, "authority RR...", authority);
        case RCODE -> rcode = rcode(option.count(1, 1, "rcode CODE").noBlock());
        case EDERROR -> extendedError = Optional.of(extendedError(option));
        case FALLTHROUGH -> {
          option.noBlock();
          List<String> through = option.zones(0);
          fallthrough = through.isEmpty() ? List.of(".") : through;
        }
        case UPSTREAM -> option.noBlock(); // CoreDNS ignores it ("remove soon")
        case "var", "expr" ->
            throw args.unsupportedOption(
                optionLine,
                "CoreDNS's expression language is not implemented; use match with named groups");
        default -> throw args.unknownOption(optionLine, OPTIONS);
      }
    }
    if (regexes.isEmpty()) {
      regexes.add(GoRegex.compile(".*"));
    }
    TemplateRule rule =
        new TemplateRule(
            qclass,
            qtype,
            zones,
            regexes,
            answer,
            additional,
            authority,
            rcode,
            extendedError,
            fallthrough);
    checkGroups(args, rule);
    checkNoCnameChase(args, rule);
    return rule;
  }

  /** A class or type by its exact miekg/dns name, as CoreDNS reads them. */
  private static int name(
      Args args, int index, String what, Optional<Integer> value, String expected) {
    if (value.isPresent()) {
      return value.get();
    }
    String written = args.get(index);
    String upper = written.toUpperCase(Locale.ROOT);
    boolean wouldBe =
        what.equals("CLASS")
            ? MiekgNames.classValue(upper).isPresent()
            : MiekgNames.typeValue(upper).isPresent();
    if (wouldBe) {
      throw args.error(
          what
              + " must be written in upper case, as CoreDNS reads it: "
              + upper
              + ", got \""
              + written
              + "\"");
    }
    throw args.error(what + " must be " + expected + ", got \"" + written + "\"");
  }

  private static GoRegex regex(Args option, String regex) {
    try {
      return GoRegex.compile(regex);
    } catch (IllegalArgumentException e) {
      throw option.error("could not parse regex \"" + regex + "\": " + e.getMessage());
    }
  }

  private static void templates(Args option, String usage, List<GoTemplate> into) {
    option.count(1, Integer.MAX_VALUE, usage).noBlock();
    for (String text : option.values()) {
      try {
        into.add(GoTemplate.parse(option.name(), text));
      } catch (IllegalArgumentException e) {
        throw option.error("could not compile template \"" + text + "\": " + e.getMessage());
      }
    }
  }

  private static int rcode(Args option) {
    String written = option.get(0);
    Optional<Integer> rcode = MiekgNames.rcodeValue(written);
    if (rcode.isPresent()) {
      return rcode.get();
    }
    String upper = written.toUpperCase(Locale.ROOT);
    if (MiekgNames.EXTENDED_RCODES.contains(upper) || upper.equals("BADVERS")) {
      throw option.error(
          "extended rcode " + upper + " is not supported (NOERROR to NOTZONE, DSOTYPENI)");
    }
    if (MiekgNames.rcodeValue(upper).isPresent()) {
      throw option.error(
          "CODE must be written in upper case, as CoreDNS reads it: "
              + upper
              + ", got \""
              + written
              + "\"");
    }
    throw option.error(
        "unknown rcode \""
            + written
            + "\" (expected NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED, YXDOMAIN,"
            + " YXRRSET, NXRRSET, NOTAUTH, NOTZONE or DSOTYPENI)");
  }

  private static ExtendedError extendedError(Args option) {
    option.count(1, 2, "ederror EXTENDED_ERROR_CODE [EXTRA_REASON]").noBlock();
    String code = option.get(0);
    int value;
    try {
      value = code.matches("[0-9]+") ? Integer.parseInt(code) : -1;
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0 || value > 0xFFFF) {
      throw option.error(
          "EXTENDED_ERROR_CODE must be a number from 0 to 65535 (RFC 8914, e.g. 21 for"
              + " \"Not Supported\"), got \""
              + code
              + "\"");
    }
    return new ExtendedError(value, option.size() == 2 ? option.get(1) : "");
  }

  /**
   * Refuses a template that reads a group no regex of its rule has: CoreDNS would fail (or print
   * {@code <no value>}) on every query it answers.
   */
  private static void checkGroups(Args args, TemplateRule rule) {
    int groups = rule.regexes().stream().mapToInt(GoRegex::groupCount).max().orElse(0);
    for (GoTemplate template : templates(rule)) {
      int index = template.highestMatchIndex();
      if (index > groups) {
        throw args.error(
            template.section()
                + " \""
                + template.source()
                + "\" reads index .Match "
                + index
                + ", but the match regexes have at most "
                + groups
                + " group"
                + (groups == 1 ? "" : "s")
                + " ("
                + regexList(rule)
                + ")");
      }
      for (String group : template.groupsUsed()) {
        boolean numbered = group.matches("[0-9]+") && Integer.parseInt(group) <= groups;
        if (!numbered && rule.regexes().stream().noneMatch(r -> r.hasGroup(group))) {
          throw args.error(
              template.section()
                  + " \""
                  + template.source()
                  + "\" reads group \""
                  + group
                  + "\", but no match regex has a group (?P<"
                  + group
                  + ">...) ("
                  + regexList(rule)
                  + ")");
        }
      }
    }
  }

  /**
   * Refuses a CNAME answer to A or AAAA queries: CoreDNS then looks the target up through the whole
   * server and adds what it finds, which this implementation does not do.
   */
  private static void checkNoCnameChase(Args args, TemplateRule rule) {
    int type = rule.qtype();
    if (type != 1 && type != 28 && type != TemplateRule.ANY) {
      return;
    }
    for (GoTemplate answer : rule.answer()) {
      if (fixedType(answer).filter("CNAME"::equals).isPresent()) {
        throw args.error(
            "answer \""
                + answer.source()
                + "\": a CNAME answer to A or AAAA queries is not supported (CoreDNS resolves"
                + " the target and adds its records; write the address records themselves, or"
                + " a template of TYPE CNAME)");
      }
    }
  }

  /** The record type a template always renders, when its fixed text says it. */
  static Optional<String> fixedType(GoTemplate template) {
    String[] fields = template.skeleton(ACTION).trim().split("[ \\t\\r\\n]+");
    for (int i = 1; i < fields.length && i <= 3; i++) {
      String field = fields[i];
      if (field.contains(ACTION)) {
        return Optional.empty();
      }
      String upper = field.toUpperCase(Locale.ROOT);
      boolean classOrTtl =
          MiekgNames.classValue(upper).isPresent() || upper.matches("[0-9]+[SMHDW0-9]*");
      if (!classOrTtl) {
        return Optional.of(upper);
      }
    }
    return Optional.empty();
  }

  private static List<GoTemplate> templates(TemplateRule rule) {
    List<GoTemplate> all = new ArrayList<>(rule.answer());
    all.addAll(rule.additional());
    all.addAll(rule.authority());
    return all;
  }

  private static String regexList(TemplateRule rule) {
    return "match " + String.join(" ", rule.regexes().stream().map(GoRegex::source).toList());
  }
}
