package io.nodelocaldns.runtime.template;

import io.nodelocaldns.runtime.template.GoTemplate.Action;
import io.nodelocaldns.runtime.template.GoTemplate.Call;
import io.nodelocaldns.runtime.template.GoTemplate.Expr;
import io.nodelocaldns.runtime.template.GoTemplate.Field;
import io.nodelocaldns.runtime.template.GoTemplate.Literal;
import io.nodelocaldns.runtime.template.GoTemplate.Node;
import io.nodelocaldns.runtime.template.GoTemplate.Paren;
import io.nodelocaldns.runtime.template.GoTemplate.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@link GoTemplate}'s source into its nodes, refusing what the supported part of Go's
 * {@code text/template} syntax does not have, with what is supported.
 */
final class GoTemplateParser {
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

  private final String text;
  private final List<Node> nodes = new ArrayList<>();
  private int pos;

  GoTemplateParser(String text) {
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
        if (!GoTemplate.FIELDS.contains(first)) {
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
