package io.nodelocaldns.installer.values;

import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.chart.ValuesSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;

/**
 * Helm's schema findings about the user's values, said as a bad flag (exit 2): the flag and key at
 * fault, and what the key must be, or for an unknown key the nearest known one or the keys that
 * exist there. Helm stays the judge of the values; this only rewrites what it found.
 */
public final class BadValues {
  private static final Pattern FINDING = Pattern.compile("(?m)^- at '([^']*)': (.*)$");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  private static final ObjectMapper JSON = new ObjectMapper();

  private BadValues() {}

  /**
   * The usage error for Helm's message, when it is a schema finding about a value the user gave;
   * empty otherwise (the failure is then the installer's or the chart's, not the user's).
   */
  public static Optional<UsageException> of(
      String helmMessage, UserValues user, ValuesSchema schema) {
    if (helmMessage == null || !helmMessage.contains("don't meet the specifications")) {
      return Optional.empty();
    }
    List<String> messages = new ArrayList<>();
    Matcher finding = FINDING.matcher(helmMessage);
    while (finding.find()) {
      messages.addAll(describe(pointer(finding.group(1), user), finding.group(2), user, schema));
    }
    if (messages.isEmpty()) {
      return Optional.empty();
    }
    String more =
        messages.size() == 1
            ? ""
            : " (and "
                + (messages.size() - 1)
                + " more: "
                + String.join("; ", messages.subList(1, messages.size()))
                + ")";
    return Optional.of(new UsageException(messages.getFirst() + more));
  }

  private static List<String> describe(
      List<Object> path, String reason, UserValues user, ValuesSchema schema) {
    List<String> out = new ArrayList<>();
    if (reason.startsWith("additional properties")) {
      Matcher names = QUOTED.matcher(reason);
      while (names.find()) {
        List<Object> child = new ArrayList<>(path);
        child.add(names.group(1));
        unknown(child, user, schema).ifPresent(out::add);
      }
      return out;
    }
    String key = ValuesTree.key(path);
    Optional<UserValues.Origin> origin = user.origin(key);
    if (origin.isEmpty() || !user.has(key)) {
      return out;
    }
    out.add(
        origin.get().describeWithKey(key)
            + ": "
            + show(user.get(key).orElse(null))
            + " is not "
            + schema.expectation(path));
    return out;
  }

  private static Optional<String> unknown(List<Object> path, UserValues user, ValuesSchema schema) {
    String key = ValuesTree.key(path);
    Optional<UserValues.Origin> origin = user.origin(key);
    if (origin.isEmpty()) {
      return Optional.empty();
    }
    List<Object> parent = path.subList(0, path.size() - 1);
    String name = path.getLast().toString();
    List<String> known =
        schema.keys(parent).stream().filter(k -> !parent.isEmpty() || !k.equals("global")).toList();
    String where = parent.isEmpty() ? "the top level" : ValuesTree.key(parent);
    String hint =
        DidYouMean.nearest(name, known)
            .map(
                near ->
                    "did you mean "
                        + (parent.isEmpty() ? near : ValuesTree.key(parent) + "." + near)
                        + "?")
            .orElse(where + " takes " + String.join(", ", known));
    return Optional.of(origin.get().describeWithKey(key) + ": no such value; " + hint);
  }

  /** Helm's JSON pointer as keys and indexes: a number is an index where the user has a list. */
  private static List<Object> pointer(String pointer, UserValues user) {
    List<Object> path = new ArrayList<>();
    if (pointer.isEmpty()) {
      return path;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      String segment = raw.replace("~1", "/").replace("~0", "~");
      boolean index =
          segment.matches("\\d+")
              && user.get(ValuesTree.key(path)).map(v -> v instanceof List<?>).orElse(false);
      path.add(index ? (Object) Integer.parseInt(segment) : segment);
    }
    return path;
  }

  private static String show(Object value) {
    return JSON.writeValueAsString(value);
  }
}
