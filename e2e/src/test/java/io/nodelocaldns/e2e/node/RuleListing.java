package io.nodelocaldns.e2e.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code -A} lines of an {@code iptables [-t TABLE] -S [CHAIN]} listing, each reduced to the
 * fields the seeds' checks read: chain, addresses, protocol, ports, target and comment.
 */
public final class RuleListing {
  private RuleListing() {}

  /**
   * One appended rule. Absent fields are empty strings; the target is normalised so that the legacy
   * {@code -j NOTRACK} and nft's {@code -j CT --notrack} both read {@code NOTRACK}.
   */
  public record Rule(
      String chain,
      String source,
      String destination,
      String protocol,
      String sport,
      String dport,
      String target,
      String comment,
      String line) {}

  public static List<Rule> parse(String listing) {
    List<Rule> rules = new ArrayList<>();
    for (String line : listing.split("\n")) {
      if (line.startsWith("-A ")) {
        rules.add(parseLine(line.strip()));
      }
    }
    return rules;
  }

  static Rule parseLine(String line) {
    List<String> tokens = tokenize(line);
    String chain = value(tokens, "-A").orElseThrow();
    String target = value(tokens, "-j").orElse("");
    if (target.equals("CT") && tokens.contains("--notrack")) {
      target = "NOTRACK";
    }
    return new Rule(
        chain,
        value(tokens, "-s").orElse(""),
        value(tokens, "-d").orElse(""),
        value(tokens, "-p").orElse(""),
        value(tokens, "--sport").orElse(""),
        value(tokens, "--dport").orElse(""),
        target,
        value(tokens, "--comment").orElse(""),
        line);
  }

  /** Splits on spaces, keeping a double-quoted argument (a comment) as one token without quotes. */
  static List<String> tokenize(String line) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && quoted && i + 1 < line.length()) {
        current.append(line.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ' ' && !quoted) {
        if (!current.isEmpty()) {
          tokens.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (!current.isEmpty()) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  private static Optional<String> value(List<String> tokens, String option) {
    int at = tokens.indexOf(option);
    return at >= 0 && at + 1 < tokens.size() ? Optional.of(tokens.get(at + 1)) : Optional.empty();
  }
}
