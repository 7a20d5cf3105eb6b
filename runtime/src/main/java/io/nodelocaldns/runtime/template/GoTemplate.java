package io.nodelocaldns.runtime.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final String SUPPORTED =
      "supported: .Name, .Zone, .Class, .Type, .Remote, .Regex, .Match, .Group, .Group.NAME,"
          + " index .Match N, index .Group \"NAME\", parseInt STRING BASE BITS";

  private static final Set<String> KEYWORDS =
      Set.of(
          "if",
          "else",
          "end",
          "range",
          "with",
          "define",
          "template",
          "block",
          "break",
          "continue",
          "nil",
          "true",
          "false");

  private static final Set<String> FUNCTIONS = Set.of("index", "parseInt");

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
    return new GoTemplate(section, source, new Parser(source).parse());
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

  private sealed interface Node permits Text, Action {}

  private record Text(String text) implements Node {}

  private record Action(Expr expr) implements Node {}

  /** What {@code parseInt} returns: Go's {@code uint64}. */
  private record Uint(long value) {}

  /** A missing value: a {@code .Group.NAME} no group has. */
  private enum Missing {
    VALUE
  }

  /** What an action evaluates. */
  private sealed interface Expr permits Field, Literal, Call, Paren {
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
  private record Field(List<String> path) implements Expr {
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
  private record Literal(String text, Object value) implements Expr {
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
  private record Paren(Expr inner) implements Expr {
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
  private record Call(String function, List<Expr> args) implements Expr {
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

  /** Reads a template's source into nodes, refusing what is not supported. */
  private static final class Parser {
    private final String text;
    private final List<Node> nodes = new ArrayList<>();
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    List<Node> parse() {
      boolean trimNextText = false;
      while (pos < text.length()) {
        int open = text.indexOf("{{", pos);
        String literal = text.substring(pos, open < 0 ? text.length() : open);
        if (trimNextText) {
          literal = stripLeading(literal);
        }
        pos = open < 0 ? text.length() : open + 2;
        if (open < 0) {
          addText(literal);
          break;
        }
        boolean trimLeft =
            pos + 1 < text.length() && text.charAt(pos) == '-' && isSpace(text.charAt(pos + 1));
        if (trimLeft) {
          literal = stripTrailing(literal);
          pos += 2;
        }
        addText(literal);
        trimNextText = action();
      }
      return nodes;
    }

    private void addText(String literal) {
      if (!literal.isEmpty()) {
        nodes.add(new Text(literal));
      }
    }

    /** One action after its "{{"; returns whether it ends with a trim marker. */
    private boolean action() {
      if (text.startsWith("/*", pos)) { // Go: right after "{{" or "{{- "
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
          throw error("unclosed comment");
        }
        pos = end + 2;
        return close("comment ends before closing delimiter");
      }
      skipSpaces();
      if (atClose()) {
        throw error("missing value for command");
      }
      Expr expr = command(false);
      skipSpaces();
      nodes.add(new Action(expr));
      return close("unexpected \"" + rest() + "\" in command");
    }

    /** Reads "}}" or " -}}"; returns whether it was the trimming one. */
    private boolean close(String problem) {
      if (text.startsWith("}}", pos)) {
        pos += 2;
        return false;
      }
      if (atRightTrim()) {
        pos += 4;
        return true;
      }
      if (pos >= text.length()) {
        throw error("unclosed action");
      }
      throw error(problem);
    }

    private boolean atClose() {
      return pos >= text.length() || text.startsWith("}}", pos) || atRightTrim();
    }

    /** At " -}}": white space, then the right trim marker. */
    private boolean atRightTrim() {
      return pos < text.length() && isSpace(text.charAt(pos)) && text.startsWith("-}}", pos + 1);
    }

    /**
     * A command: an operand, or a function and its arguments.
     *
     * @param nested inside parentheses: ends at ')'
     */
    private Expr command(boolean nested) {
      skipSpaces();
      int start = pos;
      String word = identifier();
      if (word == null) {
        Expr operand = operand();
        skipSpaces();
        if (!atClose() && !(nested && peek() == ')')) {
          if (peek() == '|') {
            throw error("pipelines (|) are not supported (" + SUPPORTED + ")");
          }
          throw error("can't give argument to non-function " + operand.print());
        }
        return operand;
      }
      if (KEYWORDS.contains(word)) {
        throw error(
            "\""
                + word
                + "\" is not supported: Go template actions, variables and constants other than"
                + " these are refused ("
                + SUPPORTED
                + ")");
      }
      if (!FUNCTIONS.contains(word)) {
        throw error("function \"" + word + "\" is not supported (" + SUPPORTED + ")");
      }
      List<Expr> args = new ArrayList<>();
      while (true) {
        skipSpaces();
        if (atClose() || (nested && peek() == ')')) {
          break;
        }
        if (peek() == '|') {
          throw error("pipelines (|) are not supported (" + SUPPORTED + ")");
        }
        args.add(operand());
      }
      Call call = new Call(word, args);
      check(call, text.substring(start, pos).trim());
      return call;
    }

    private void check(Call call, String written) {
      List<Expr> args = call.args();
      if (call.function().equals("index")) {
        if (args.isEmpty() || args.size() > 2) {
          throw error(
              written + ": write index .Match N or index .Group \"NAME\" (" + SUPPORTED + ")");
        }
        if (!(args.get(0) instanceof Field field)
            || !(field.path().equals(List.of("Match")) || field.path().equals(List.of("Group")))) {
          throw error(written + ": index only .Match or .Group (" + SUPPORTED + ")");
        }
        if (args.size() == 1) {
          return;
        }
        boolean match = field.path().get(0).equals("Match");
        boolean group = field.path().get(0).equals("Group");
        Object key = args.get(1) instanceof Literal literal ? literal.value() : null;
        if (match && key instanceof Long n && n >= 0) {
          return;
        }
        if (group && key instanceof String) {
          return;
        }
        throw error(
            written
                + ": index .Match takes a number N >= 0 and .Group a quoted name ("
                + SUPPORTED
                + ")");
      }
      // parseInt STRING BASE BITS, Go's strconv.ParseUint
      if (args.size() != 3
          || !args.get(0).isString()
          || !(args.get(1) instanceof Literal base && base.value() instanceof Long b)
          || !(args.get(2) instanceof Literal bits && bits.value() instanceof Long n)) {
        throw error(written + ": write parseInt STRING BASE BITS, e.g. parseInt .Group.b 16 8");
      }
      if (b != 0 && (b < 2 || b > 36)) {
        throw error(written + ": invalid base " + b + " (0, or 2 to 36)");
      }
      if (n < 0 || n > 64) {
        throw error(written + ": invalid bit size " + n + " (0 to 64)");
      }
    }

    private Expr operand() {
      char c = peek();
      if (c == '.') {
        return field();
      }
      if (c == '(') {
        pos++;
        Expr inner = command(true);
        skipSpaces();
        if (peek() != ')') {
          throw error("unclosed left paren");
        }
        pos++;
        if (peek() == '.') {
          throw error("fields of a parenthesized value are not supported (" + SUPPORTED + ")");
        }
        return new Paren(inner);
      }
      if (c == '"' || c == '`') {
        return string();
      }
      if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
        return number();
      }
      if (c == '$') {
        throw error("variables ($) are not supported (" + SUPPORTED + ")");
      }
      if (c == '\'') {
        throw error("character constants are not supported (" + SUPPORTED + ")");
      }
      String word = identifier();
      if (word != null) {
        throw error("\"" + word + "\" as an argument is not supported (" + SUPPORTED + ")");
      }
      throw error("unexpected \"" + c + "\" in command");
    }

    private Field field() {
      List<String> path = new ArrayList<>();
      while (peek() == '.') {
        pos++;
        String name = identifier();
        if (name == null) {
          if (path.isEmpty()) {
            throw error("the dot {{ . }} (all of the data) is not supported (" + SUPPORTED + ")");
          }
          throw error("bad field after ." + String.join(".", path));
        }
        path.add(name);
      }
      String first = path.get(0);
      switch (first) {
        case "Message", "Question" ->
            throw error(
                "."
                    + first
                    + " is not supported: the query message is not exposed to templates ("
                    + SUPPORTED
                    + ")");
        case "Var" ->
            throw error(
                ".Var is not supported: var and expr are not implemented (" + SUPPORTED + ")");
        case "Meta" ->
            throw error(".Meta is not supported: there is no metadata plugin (" + SUPPORTED + ")");
        default -> {
          if (!FIELDS.contains(first)) {
            throw error("unknown field ." + first + " (" + SUPPORTED + ")");
          }
        }
      }
      if (path.size() > (first.equals("Group") ? 2 : 1)) {
        throw error("can't evaluate field ." + String.join(".", path) + " (" + SUPPORTED + ")");
      }
      return new Field(path);
    }

    private Literal string() {
      char quote = text.charAt(pos);
      int start = pos++;
      StringBuilder value = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == quote) {
          return new Literal(text.substring(start, pos), value.toString());
        }
        if (quote == '"' && c == '\\') {
          if (pos >= text.length()) {
            break;
          }
          char e = text.charAt(pos++);
          switch (e) {
            case '"', '\\' -> value.append(e);
            case 'n' -> value.append('\n');
            case 't' -> value.append('\t');
            case 'r' -> value.append('\r');
            default -> throw error("escape \\" + e + " in a string is not supported");
          }
        } else if (quote == '"' && c == '\n') {
          throw error("unterminated quoted string");
        } else {
          value.append(c);
        }
      }
      throw error("unterminated quoted string");
    }

    private Literal number() {
      int start = pos;
      if (peek() == '-' || peek() == '+') {
        pos++;
      }
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos))
              || text.charAt(pos) == '_'
              || text.charAt(pos) == '.')) {
        pos++;
      }
      String written = text.substring(start, pos);
      if (!written.matches("[-+]?[0-9]+")) {
        throw error("number " + written + " is not supported: write a decimal integer");
      }
      try {
        return new Literal(written, Long.parseLong(written));
      } catch (NumberFormatException e) {
        throw error("number " + written + " is out of range");
      }
    }

    private String identifier() {
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      if (pos == start || Character.isDigit(text.charAt(start))) {
        pos = start;
        return null;
      }
      return text.substring(start, pos);
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String rest() {
      int end = text.indexOf("}}", pos);
      return text.substring(pos, end < 0 ? text.length() : end).trim();
    }

    private void skipSpaces() {
      while (pos < text.length() && isSpace(text.charAt(pos)) && !atRightTrim()) {
        pos++;
      }
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String stripLeading(String s) {
      int i = 0;
      while (i < s.length() && isSpace(s.charAt(i))) {
        i++;
      }
      return s.substring(i);
    }

    private static String stripTrailing(String s) {
      int i = s.length();
      while (i > 0 && isSpace(s.charAt(i - 1))) {
        i--;
      }
      return s.substring(0, i);
    }

    private IllegalArgumentException error(String problem) {
      return new IllegalArgumentException(problem);
    }
  }
}
