package io.nodelocaldns.runtime.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A resource-record template in the part of Go's {@code text/template} syntax that CoreDNS's
 * template recipes use, parsed once when the Corefile is read:
 *
 * <ul>
 *   <li>text, and actions {@code {{ ... }}} with or without spaces inside, trim markers {@code {{-
 *       } and {@code -}}}, comments {@code {{/* ... *&#47;}}};
 *   <li>the fields {@code .Name}, {@code .Zone}, {@code .Class}, {@code .Type}, {@code .Remote},
 *       {@code .Regex}, {@code .Match}, {@code .Group}, {@code .Group.NAME};
 *   <li>{@code index .Match N}, {@code index .Group "NAME"}, and CoreDNS's {@code parseInt STRING
 *       BASE BITS} (Go's {@code strconv.ParseUint}), their arguments in parentheses if need be.
 * </ul>
 *
 * Anything else Go's templates can do (pipes, variables, {@code if}/{@code range}/{@code with},
 * other functions, {@code .Message}, {@code .Question}, {@code .Meta}, {@code .Var}) is refused
 * when parsing, with what is supported. Rendering follows Go: a missing {@code .Group.NAME} prints
 * {@code <no value>}, {@code index .Group} of a missing name is empty, an index out of range or a
 * number {@code parseInt} cannot read fails the rendering.
 *
 * <p>Two templates are equal when written alike (and for the same section).
 */
public final class GoTemplate {
  /** The fields of CoreDNS's template data this implementation has. */
  static final List<String> FIELDS =
      List.of("Name", "Zone", "Class", "Type", "Remote", "Regex", "Match", "Group");

  /** What Go prints for a missing map key reached through a field. */
  static final String NO_VALUE = "<no value>";

  private final String section;
  private final String source;
  private final List<Node> nodes;

  private GoTemplate(String section, String source, List<Node> nodes) {
    this.section = section;
    this.source = source;
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Parses {@code source}.
   *
   * @param section the option it was written in ({@code answer}, {@code additional}, {@code
   *     authority}): Go's template name
   * @throws IllegalArgumentException if it is not a template, or uses what is not supported
   */
  public static GoTemplate parse(String section, String source) {
    return new GoTemplate(section, source, new GoTemplateParser(source).parse());
  }

  public String section() {
    return section;
  }

  public String source() {
    return source;
  }

  /** The template as Go's parse tree prints it ({@code Tree.Root.String()}): a metric label. */
  public String tree() {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      switch (node) {
        case Text text -> out.append(text.text());
        case Action action -> out.append("{{").append(action.expr().print()).append("}}");
      }
    }
    return out.toString();
  }

  /** The text with each action replaced by {@code marker}: what every rendering has in common. */
  String skeleton(String marker) {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      switch (node) {
        case Text text -> out.append(text.text());
        case Action action -> out.append(marker);
      }
    }
    return out.toString();
  }

  /** The group names it reads ({@code .Group.NAME}, {@code index .Group "NAME"}). */
  List<String> groupsUsed() {
    List<String> groups = new ArrayList<>();
    for (Node node : nodes) {
      if (node instanceof Action action) {
        action.expr().collectGroups(groups);
      }
    }
    return groups;
  }

  /** The highest {@code index .Match N} it reads, -1 if none. */
  int highestMatchIndex() {
    int highest = -1;
    for (Node node : nodes) {
      if (node instanceof Action action) {
        highest = Math.max(highest, action.expr().highestMatchIndex());
      }
    }
    return highest;
  }

  /**
   * Renders the template with {@code data}.
   *
   * @throws ExecutionException as Go's {@code Execute} fails: an index out of range, a number
   *     {@code parseInt} cannot read
   */
  public String render(TemplateData data) {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      switch (node) {
        case Text text -> out.append(text.text());
        case Action action -> out.append(print(action.expr().evaluate(data, this)));
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GoTemplate other
        && other.section.equals(section)
        && other.source.equals(source);
  }

  @Override
  public int hashCode() {
    return section.hashCode() * 31 + source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }

  /** Go's {@code fmt.Print} of a value of the template data. */
  private static String print(Object value) {
    return switch (value) {
      case String s -> s;
      case Long n -> Long.toString(n);
      case Uint n -> Long.toUnsignedString(n.value());
      case List<?> list -> {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
          out.append(i > 0 ? " " : "").append(list.get(i));
        }
        yield out.append(']').toString();
      }
      case Map<?, ?> map -> {
        StringBuilder out = new StringBuilder("map[");
        boolean first = true;
        for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
          out.append(first ? "" : " ").append(e.getKey()).append(':').append(e.getValue());
          first = false;
        }
        yield out.append(']').toString();
      }
      default -> NO_VALUE;
    };
  }

  /** A rendering that failed, as Go's {@code Execute} does. */
  public static final class ExecutionException extends RuntimeException {
    ExecutionException(String message) {
      super(message);
    }
  }

  sealed interface Node permits Text, Action {}

  record Text(String text) implements Node {}

  record Action(Expr expr) implements Node {}

  /** What {@code parseInt} returns: Go's {@code uint64}. */
  record Uint(long value) {}

  /** A missing value: a {@code .Group.NAME} no group has. */
  enum Missing {
    VALUE
  }

  /** What an action evaluates. */
  sealed interface Expr permits Field, Literal, Call, Paren {
    /** How Go's parse tree prints it. */
    String print();

    Object evaluate(TemplateData data, GoTemplate template);

    default void collectGroups(List<String> groups) {}

    default int highestMatchIndex() {
      return -1;
    }

    /** Whether it always evaluates to a string (or a missing value), as parseInt needs. */
    boolean isString();
  }

  /** {@code .Name}, {@code .Group.a}. */
  record Field(List<String> path) implements Expr {
    @Override
    public String print() {
      return "." + String.join(".", path);
    }

    @Override
    public Object evaluate(TemplateData data, GoTemplate template) {
      return switch (path.get(0)) {
        case "Name" -> data.name();
        case "Zone" -> data.zone();
        case "Class" -> data.qclass();
        case "Type" -> data.qtype();
        case "Remote" -> data.remote();
        case "Regex" -> data.regex();
        case "Match" -> data.match();
        case "Group" -> {
          if (path.size() == 1) {
            yield data.group();
          }
          String value = data.group().get(path.get(1));
          yield value == null ? Missing.VALUE : value;
        }
        default -> throw new IllegalStateException("checked when parsing: " + path);
      };
    }

    @Override
    public void collectGroups(List<String> groups) {
      if (path.size() == 2) {
        groups.add(path.get(1));
      }
    }

    @Override
    public boolean isString() {
      return !path.get(0).equals("Match") && !(path.get(0).equals("Group") && path.size() == 1);
    }
  }

  /** A string or number constant. */
  record Literal(String text, Object value) implements Expr {
    @Override
    public String print() {
      return text;
    }

    @Override
    public Object evaluate(TemplateData data, GoTemplate template) {
      return value;
    }

    @Override
    public boolean isString() {
      return value instanceof String;
    }
  }

  /** {@code (index .Match 1)}. */
  record Paren(Expr inner) implements Expr {
    @Override
    public String print() {
      return "(" + inner.print() + ")";
    }

    @Override
    public Object evaluate(TemplateData data, GoTemplate template) {
      return inner.evaluate(data, template);
    }

    @Override
    public void collectGroups(List<String> groups) {
      inner.collectGroups(groups);
    }

    @Override
    public int highestMatchIndex() {
      return inner.highestMatchIndex();
    }

    @Override
    public boolean isString() {
      return inner.isString();
    }
  }

  /** {@code index ...} or {@code parseInt ...}, checked when parsed. */
  record Call(String function, List<Expr> args) implements Expr {
    @Override
    public String print() {
      StringBuilder out = new StringBuilder(function);
      for (Expr arg : args) {
        out.append(' ').append(arg.print());
      }
      return out.toString();
    }

    @Override
    public Object evaluate(TemplateData data, GoTemplate template) {
      if (function.equals("index")) {
        Object item = args.get(0).evaluate(data, template);
        if (args.size() == 1) {
          return item;
        }
        Object key = args.get(1).evaluate(data, template);
        if (item instanceof List<?> list) {
          long i = (Long) key;
          if (i < 0 || i >= list.size()) {
            throw template.failure(this, "error calling index: index out of range: " + i);
          }
          return list.get((int) i);
        }
        // a missing key: Go's index gives the map's zero value
        Object value = ((Map<?, ?>) item).get(key);
        return value == null ? "" : value;
      }
      Object text = args.get(0).evaluate(data, template);
      if (!(text instanceof String s)) {
        throw template.failure(this, "error calling parseInt: invalid value; expected string");
      }
      int base = (int) (long) (Long) args.get(1).evaluate(data, template);
      int bits = (int) (long) (Long) args.get(2).evaluate(data, template);
      try {
        return new Uint(GoNumbers.parseUint(s, base, bits));
      } catch (NumberFormatException e) {
        throw template.failure(this, "error calling parseInt: " + e.getMessage());
      }
    }

    @Override
    public void collectGroups(List<String> groups) {
      if (function.equals("index")
          && args.size() == 2
          && args.get(0) instanceof Field field
          && field.path().equals(List.of("Group"))) {
        groups.add((String) ((Literal) args.get(1)).value());
      }
      args.forEach(arg -> arg.collectGroups(groups));
    }

    @Override
    public int highestMatchIndex() {
      int highest = -1;
      if (function.equals("index")
          && args.size() == 2
          && args.get(0) instanceof Field field
          && field.path().equals(List.of("Match"))) {
        highest = (int) (long) (Long) ((Literal) args.get(1)).value();
      }
      for (Expr arg : args) {
        highest = Math.max(highest, arg.highestMatchIndex());
      }
      return highest;
    }

    @Override
    public boolean isString() {
      return function.equals("index") && args.size() == 2;
    }
  }

  private ExecutionException failure(Call call, String problem) {
    return new ExecutionException(
        "template: "
            + section
            + ": executing \""
            + section
            + "\" at <"
            + call.print()
            + ">: "
            + problem);
  }
}
