package io.nodelocaldns.installer.values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm's {@code --set} syntax (its strvals parser), read into a values tree of maps, lists and
 * scalars: {@code a.b=x}, several pairs in one {@code a=1,b=2}, lists {@code l={x,y}}, indexes
 * {@code l[0]=x} and {@code l[0].name=x}, and a backslash escaping the next character ({@code \,}
 * keeps a comma in a value). Values are typed as Helm types them: {@code true}/{@code false} (any
 * case) are booleans, {@code null} is null, a whole number without a leading zero is a number,
 * anything else a string; {@code --set-string} keeps every value a string. One deliberate
 * difference: {@code l={}} is an empty list (Helm makes it a list of one empty string).
 */
public final class SetParser {
  /** Helm's limits: the largest list index and the deepest key. */
  static final int MAX_INDEX = 65536;

  static final int MAX_DEPTH = 30;

  private final String text;
  private final boolean strings;
  private int at;

  /** A {@code --set} that Helm would refuse; the message says why, as Helm does. */
  public static final class SyntaxException extends Exception {
    SyntaxException(String message) {
      super(message);
    }
  }

  private SetParser(String text, boolean strings) {
    this.text = text;
    this.strings = strings;
  }

  /** The values one {@code --set} (or, with {@code strings}, {@code --set-string}) gives. */
  public static Map<String, Object> parse(String text, boolean strings) throws SyntaxException {
    Map<String, Object> values = new LinkedHashMap<>();
    parseInto(text, strings, values);
    return values;
  }

  /** Applies one {@code --set} to {@code values}, as Helm applies it over the values files. */
  public static void parseInto(String text, boolean strings, Map<String, Object> values)
      throws SyntaxException {
    SetParser parser = new SetParser(text, strings);
    while (parser.key(values, 0)) {
      // one KEY=VALUE per round, until the text ends
    }
  }

  /** Helm's typing of a {@code --set} value. */
  static Object typed(String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("null")) {
      return null;
    }
    if (value.equals("0")) {
      return 0L;
    }
    if (!value.isEmpty() && value.charAt(0) != '0') {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException notANumber) {
        return value;
      }
    }
    return value;
  }

  /** Reads up to one of {@code stop}; a backslash takes the next character as it is. */
  private record Run(String text, char last, boolean ended) {}

  private Run until(String stop) {
    StringBuilder out = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (stop.indexOf(c) >= 0) {
        return new Run(out.toString(), c, false);
      }
      if (c == '\\') {
        if (at == text.length()) {
          return new Run(out.toString(), '\0', true);
        }
        c = text.charAt(at++);
      }
      out.append(c);
    }
    return new Run(out.toString(), '\0', true);
  }

  /** One key and its value into {@code data}; false once the text is used up. */
  private boolean key(Map<String, Object> data, int depth) throws SyntaxException {
    Run k = until("=[,.");
    if (k.ended()) {
      if (k.text().isEmpty()) {
        return false;
      }
      throw new SyntaxException("key \"" + k.text() + "\" has no value");
    }
    if (k.text().isEmpty()) {
      throw new SyntaxException("a key is empty");
    }
    return switch (k.last()) {
      case '[' -> {
        int index = index();
        List<Object> list =
            data.get(k.text()) instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        data.put(k.text(), listItem(list, index, depth));
        yield at < text.length();
      }
      case '=' -> {
        data.put(k.text(), value());
        yield at < text.length();
      }
      case ',' -> throw new SyntaxException("key \"" + k.text() + "\" has no value");
      default -> {
        if (depth + 1 > MAX_DEPTH) {
          throw new SyntaxException("keys nest deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, Object> inner = mapAt(data.get(k.text()));
        boolean more = key(inner, depth + 1);
        if (inner.isEmpty()) {
          throw new SyntaxException("key map \"" + k.text() + "\" has no value");
        }
        data.put(k.text(), inner);
        yield more;
      }
    };
  }

  /** After {@code =}: a list in braces, or a value up to the next unescaped comma. */
  private Object value() throws SyntaxException {
    if (at < text.length() && text.charAt(at) == '{') {
      at++;
      return list();
    }
    Run v = until(",");
    return strings ? v.text() : typed(v.text());
  }

  private List<Object> list() throws SyntaxException {
    List<Object> list = new ArrayList<>();
    if (at < text.length() && text.charAt(at) == '}') {
      at++;
      skipComma();
      return list;
    }
    while (true) {
      Run item = until(",}");
      if (item.ended()) {
        throw new SyntaxException("list must terminate with '}'");
      }
      list.add(strings ? item.text() : typed(item.text()));
      if (item.last() == '}') {
        skipComma();
        return list;
      }
    }
  }

  private void skipComma() {
    if (at < text.length() && text.charAt(at) == ',') {
      at++;
    }
  }

  private int index() throws SyntaxException {
    Run i = until("]");
    if (i.ended()) {
      throw new SyntaxException("error parsing index: no closing ]");
    }
    int index;
    try {
      index = Integer.parseInt(i.text());
    } catch (NumberFormatException e) {
      throw new SyntaxException("error parsing index: \"" + i.text() + "\" is not a number");
    }
    if (index < 0) {
      throw new SyntaxException("negative " + index + " index not allowed");
    }
    if (index > MAX_INDEX) {
      throw new SyntaxException("index of " + index + " is greater than maximum supported index");
    }
    return index;
  }

  /** After {@code key[i]}: {@code =value}, {@code .key…} or another {@code [j]}. */
  private List<Object> listItem(List<Object> list, int index, int depth) throws SyntaxException {
    Run rest = until("[.=");
    if (!rest.text().isEmpty()) {
      throw new SyntaxException("unexpected data at end of array index: \"" + rest.text() + "\"");
    }
    if (rest.ended()) {
      throw new SyntaxException("an index has no value");
    }
    Object element =
        switch (rest.last()) {
          case '=' -> value();
          case '[' -> {
            int next = index();
            List<Object> inner =
                index < list.size() && list.get(index) instanceof List<?> l
                    ? new ArrayList<>(l)
                    : new ArrayList<>();
            yield listItem(inner, next, depth);
          }
          default -> {
            Map<String, Object> inner = mapAt(index < list.size() ? list.get(index) : null);
            key(inner, depth + 1);
            yield inner;
          }
        };
    while (list.size() <= index) {
      list.add(null);
    }
    list.set(index, element);
    return list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapAt(Object existing) {
    return existing instanceof Map<?, ?> m
        ? new LinkedHashMap<>((Map<String, Object>) m)
        : new LinkedHashMap<>();
  }
}
