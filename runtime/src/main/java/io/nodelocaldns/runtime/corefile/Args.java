package io.nodelocaldns.runtime.corefile;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Reads the arguments of one directive line, or of one option line in a directive's block, and
 * turns every bad value into a {@link CorefileException} that names the file, the line, the
 * directive (and the option), the value and what was expected, e.g. {@code Corefile:3: cache:
 * success: capacity must be a positive integer, got "-1"}. Every directive setup reads through this
 * class, so all of them report alike.
 */
public final class Args {
  private final Directive line;
  private final String directive;
  private final boolean option;

  private Args(Directive line, String directive, boolean option) {
    this.line = line;
    this.directive = directive;
    this.option = option;
  }

  /** The arguments of a directive line. */
  public static Args of(Directive directive) {
    return new Args(directive, directive.name(), false);
  }

  /** The arguments of an option line in this directive's block; errors name both. */
  public Args option(Directive optionLine) {
    return new Args(optionLine, directive, true);
  }

  /** The line's name: the directive's, or the option's. */
  public String name() {
    return line.name();
  }

  public List<String> values() {
    return line.args();
  }

  public int size() {
    return line.args().size();
  }

  public String get(int index) {
    return line.args().get(index);
  }

  public Location location() {
    return line.location();
  }

  /** The option lines of this line's block (empty without a block). */
  public List<Directive> block() {
    return line.block();
  }

  /** An error at this line: {@code FILE:LINE: DIRECTIVE: [OPTION: ]problem}. */
  public CorefileException error(String problem) {
    return new CorefileException(
        line.location(), directive, (option ? name() + ": " : "") + problem);
  }

  /** Requires no arguments. */
  public Args none() {
    if (size() > 0) {
      throw error("expected no arguments, got " + quoted(values()));
    }
    return this;
  }

  /**
   * Requires between {@code min} and {@code max} arguments.
   *
   * @param usage the syntax, for the message, e.g. {@code "success CAPACITY [TTL [MINTTL]]"}
   */
  public Args count(int min, int max, String usage) {
    if (size() >= min && size() <= max) {
      return this;
    }
    String expected;
    if (max == Integer.MAX_VALUE) {
      expected = "at least " + plural(min, "argument");
    } else if (min == 0) {
      expected = "at most " + plural(max, "argument");
    } else if (min == max) {
      expected = plural(min, "argument");
    } else {
      expected = min + " to " + max + " arguments";
    }
    String got = size() == 0 ? "none" : size() + ": " + quoted(values());
    throw error("expected " + expected + " (" + usage + "), got " + got);
  }

  /**
   * Requires at most one listen address, as {@code health}, {@code ready} and {@code prometheus}
   * take. Two usually mean a dual-stack pillar filled with both families' addresses: the message
   * says how to write one.
   */
  public Args atMostOneAddress(String usage) {
    if (size() > 1) {
      throw error(
          "takes one address, got "
              + size()
              + ": "
              + quoted(values())
              + " ("
              + usage
              + "); on a dual-stack node serve it on one of them, an IPv6 one in brackets with its"
              + " port ([fd00::10]:8080), or leave __PILLAR__LOCAL__DNS__ for the node agent, which"
              + " puts the first local address there");
    }
    return this;
  }

  /** Requires that the line has no block. */
  public Args noBlock() {
    if (!block().isEmpty()) {
      Directive first = block().get(0);
      throw error(
          "takes no block, got \""
              + first.name()
              + "\" at line "
              + first.location().line()
              + " inside { }");
    }
    return this;
  }

  /** An integer of at least 1. */
  public int positiveInt(int index, String what) {
    return intAtLeast(index, what, 1, "a positive integer");
  }

  /** An integer of at least 0. */
  public int nonNegativeInt(int index, String what) {
    return intAtLeast(index, what, 0, "an integer of 0 or more");
  }

  /** Any Go duration, including negative ones (see {@link Durations#parse}). */
  public Duration duration(int index, String what) {
    try {
      return Durations.parse(get(index));
    } catch (IllegalArgumentException e) {
      throw error(what + " must be " + Durations.EXPECTED + ", got \"" + get(index) + "\"");
    }
  }

  /** A Go duration of at least {@code min}. */
  public Duration durationAtLeast(int index, String what, Duration min) {
    Duration value = duration(index, what);
    if (value.compareTo(min) < 0) {
      throw error(
          what + " must be at least " + Durations.format(min) + ", got \"" + get(index) + "\"");
    }
    return value;
  }

  /** A Go duration greater than zero. */
  public Duration positiveDuration(int index, String what) {
    Duration value = duration(index, what);
    if (value.isNegative() || value.isZero()) {
      throw error(what + " must be greater than 0s, got \"" + get(index) + "\"");
    }
    return value;
  }

  /** A Go duration between {@code min} and {@code max}, both included. */
  public Duration durationBetween(int index, String what, Duration min, Duration max) {
    Duration value = duration(index, what);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw error(
          what
              + " must be between "
              + Durations.format(min)
              + " and "
              + Durations.format(max)
              + ", got \""
              + get(index)
              + "\"");
    }
    return value;
  }

  /** A whole number of seconds of at least {@code minSeconds}, as CoreDNS reads cache TTLs. */
  public Duration seconds(int index, String what, long minSeconds) {
    Duration value;
    try {
      value = Durations.parseSeconds(get(index));
    } catch (IllegalArgumentException e) {
      throw error(
          what + " must be a whole number of seconds such as 30, got \"" + get(index) + "\"");
    }
    if (value.getSeconds() < minSeconds) {
      throw error(
          what
              + " must be a whole number of seconds of at least "
              + minSeconds
              + ", got \""
              + get(index)
              + "\"");
    }
    return value;
  }

  /** One of {@code allowed}, compared case-insensitively; returned in lower case. */
  public String oneOf(int index, String what, List<String> allowed) {
    String value = get(index).toLowerCase(Locale.ROOT);
    if (!allowed.contains(value)) {
      throw error(
          what + " must be one of " + String.join(", ", allowed) + ", got \"" + get(index) + "\"");
    }
    return value;
  }

  /** A zone or name, checked and normalised (see {@link Zones#parse}). */
  public String zone(int index) {
    try {
      return Zones.parse(get(index));
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** The zones from {@code from} to the end, checked and normalised, in order, without repeats. */
  public List<String> zones(int from) {
    List<String> zones = new ArrayList<>();
    for (int i = from; i < size(); i++) {
      String zone = zone(i);
      if (!zones.contains(zone)) {
        zones.add(zone);
      }
    }
    return zones;
  }

  /** An address to listen on (see {@link Addresses#listen}). */
  public InetSocketAddress listenAddress(int index) {
    try {
      return Addresses.listen(get(index));
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** An error for an option line this directive does not know. */
  public CorefileException unknownOption(Directive optionLine, Collection<String> known) {
    String expected =
        known.isEmpty() ? "it takes no options" : "expected one of: " + String.join(", ", known);
    return new CorefileException(
        optionLine.location(),
        directive,
        "unknown option \"" + optionLine.name() + "\" (" + expected + ")");
  }

  /** An error for an option CoreDNS has but this implementation does not. */
  public CorefileException unsupportedOption(Directive optionLine, String why) {
    return new CorefileException(
        optionLine.location(),
        directive,
        "option \"" + optionLine.name() + "\" is not supported (" + why + ")");
  }

  private int intAtLeast(int index, String what, int min, String expected) {
    String text = get(index);
    try {
      int value = Integer.parseInt(text);
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with what was expected
    }
    throw error(what + " must be " + expected + ", got \"" + text + "\"");
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String quoted(List<String> values) {
    return "\"" + String.join(" ", values) + "\"";
  }
}
