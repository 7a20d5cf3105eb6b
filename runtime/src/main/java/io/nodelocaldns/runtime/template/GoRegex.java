package io.nodelocaldns.runtime.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code match} regex written in Go's RE2 syntax, compiled to a {@link Pattern} that matches the
 * same names. Go's syntax is translated where Java writes it differently (named groups {@code
 * (?P<name>...)}, POSIX classes {@code [[:alpha:]]}, a literal {@code [} or {@code &} in a class,
 * a {@code {} that starts no repetition, {@code \v}); what Java would read with another meaning or
 * RE2 refuses (backreferences and octal escapes, lookaround, atomic groups, possessive and nested
 * repetitions, the {@code U} flag, escapes RE2 does not have) is refused with a reason.
 *
 * <p>Two regexes are equal when written alike, so a configuration holding one compares by value.
 */
public final class GoRegex {
  /** CoreDNS's limit on a regex's length ({@code maxRegexpLen}). */
  public static final int MAX_LENGTH = 10_000;

  /** RE2's limit on a repetition count, as in {@code a{1000}}. */
  private static final int MAX_REPEAT = 1000;

  private static final String RE2_ESCAPES = "aftnrvxAzbBdDsSwWpPQE";

  private static final Map<String, String> POSIX_CLASSES =
      Map.ofEntries(
          Map.entry("alnum", "\\p{Alnum}"),
          Map.entry("alpha", "\\p{Alpha}"),
          Map.entry("ascii", "\\p{ASCII}"),
          Map.entry("blank", "\\p{Blank}"),
          Map.entry("cntrl", "\\p{Cntrl}"),
          Map.entry("digit", "\\p{Digit}"),
          Map.entry("graph", "\\p{Graph}"),
          Map.entry("lower", "\\p{Lower}"),
          Map.entry("print", "\\p{Print}"),
          Map.entry("punct", "\\p{Punct}"),
          Map.entry("space", "\\p{Space}"),
          Map.entry("upper", "\\p{Upper}"),
          Map.entry("word", "\\w"),
          Map.entry("xdigit", "\\p{XDigit}"));

  private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)(,(\\d*))?}");
  private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P?<([^>]*)>");
  private static final Pattern FLAGS = Pattern.compile("\\(\\?([a-zA-Z]*)(-([a-zA-Z]*))?([:)])");
  private static final Pattern POSIX_CLASS = Pattern.compile("\\[:(\\^?)([a-z]+):]");
  private static final Pattern HEX_ESCAPE =
      Pattern.compile("\\\\x(\\{[0-9A-Fa-f]{1,6}}|[0-9A-Fa-f]{2})");
  private static final Pattern UNICODE_CLASS =
      Pattern.compile("\\\\[pP](\\{(\\^?)([A-Za-z_]+)}|([A-Za-z]))");

  private final String source;
  private final Pattern pattern;

  /** Group names by group number; "" for an unnamed group, index 0 the whole match. */
  private final List<String> groupNames;

  private GoRegex(String source, Pattern pattern, List<String> groupNames) {
    this.source = source;
    this.pattern = pattern;
    this.groupNames = groupNames;
  }

  /**
   * Compiles a Go regex.
   *
   * @throws IllegalArgumentException naming what cannot be compiled, and why
   */
  public static GoRegex compile(String source) {
    if (source.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "regex is too long: " + source.length() + " > " + MAX_LENGTH + " characters");
    }
    Translator translator = new Translator(source);
    String java = translator.translate();
    try {
      // UNIX_LINES: '.', '^' and '$' know only '\n' as a line end, as RE2
      Pattern pattern = Pattern.compile(java, Pattern.UNIX_LINES);
      return new GoRegex(source, pattern, Collections.unmodifiableList(translator.names));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(e.getDescription());
    }
  }

  /** The regex as written in the Corefile. */
  public String source() {
    return source;
  }

  /** The Java form it was compiled to, for tests. */
  String javaPattern() {
    return pattern.pattern();
  }

  /** How many groups it has, the whole match not counted. */
  public int groupCount() {
    return groupNames.size() - 1;
  }

  /** Whether a group is named {@code name}. */
  public boolean hasGroup(String name) {
    return !name.isEmpty() && groupNames.contains(name);
  }

  /**
   * The leftmost match in {@code name}, as Go's {@code FindStringSubmatch}: the whole match, then
   * each group ("" for a group that took no part); null when nothing in the name matches.
   */
  public List<String> find(String name) {
    Matcher m = pattern.matcher(name);
    if (!m.find()) {
      return null;
    }
    List<String> groups = new ArrayList<>(m.groupCount() + 1);
    for (int i = 0; i <= m.groupCount(); i++) {
      String group = m.group(i);
      groups.add(group == null ? "" : group);
    }
    return groups;
  }

  /** The name of group {@code index}, "" when it has none. */
  public String groupName(int index) {
    return groupNames.get(index);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GoRegex other && other.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }

  /** One pass over an RE2 pattern, writing the Java pattern that means the same. */
  private static final class Translator {
    private final String re;
    private final StringBuilder out = new StringBuilder();
    private final List<String> names = new ArrayList<>(List.of(""));
    private int pos;

    /** Whether the last thing written was a repetition operator, which nothing may repeat. */
    private boolean afterRepeat;

    Translator(String re) {
      this.re = re;
    }

    String translate() {
      while (pos < re.length()) {
        char c = re.charAt(pos);
        switch (c) {
          case '\\' -> escape(false);
          case '[' -> characterClass();
          case '(' -> group();
          case '*', '+', '?' -> repeat(String.valueOf(c), 1);
          case '{' -> brace();
          default -> {
            out.append(c);
            pos++;
            afterRepeat = false;
          }
        }
      }
      return out.toString();
    }

    private void repeat(String operator, int length) {
      if (afterRepeat) {
        throw unsupported(
            "nested repetition operator `"
                + re.substring(pos, Math.min(re.length(), pos + length))
                + "` (possessive quantifiers such as *+ are not RE2)");
      }
      out.append(operator);
      pos += length;
      if (pos < re.length() && re.charAt(pos) == '?') {
        out.append('?'); // non-greedy, as in RE2
        pos++;
      }
      afterRepeat = true;
    }

    /** {@code {n}}, {@code {n,}} or {@code {n,m}} repeats; any other '{' is a literal in RE2. */
    private void brace() {
      Matcher m = REPEAT.matcher(re).region(pos, re.length());
      if (!m.lookingAt()) {
        out.append("\\{");
        pos++;
        afterRepeat = false;
        return;
      }
      for (String count : new String[] {m.group(1), m.group(3)}) {
        if (count != null
            && !count.isEmpty()
            && (count.length() > 4 || Integer.parseInt(count) > MAX_REPEAT)) {
          throw unsupported("repeat count in " + m.group() + " exceeds RE2's 1000");
        }
      }
      repeat(m.group(), m.group().length());
    }

    private void group() {
      afterRepeat = false;
      if (!re.startsWith("(?", pos)) {
        names.add("");
        out.append('(');
        pos++;
        return;
      }
      if (re.startsWith("(?=", pos)
          || re.startsWith("(?!", pos)
          || re.startsWith("(?<=", pos)
          || re.startsWith("(?<!", pos)
          || re.startsWith("(?>", pos)
          || re.startsWith("(?P=", pos)
          || re.startsWith("(?P>", pos)) {
        throw unsupported(
            "lookaround, atomic groups and backreferences such as "
                + re.substring(pos, Math.min(re.length(), pos + 4))
                + " are not RE2");
      }
      Matcher named = NAMED_GROUP.matcher(re).region(pos, re.length());
      if (named.lookingAt()) {
        String name = named.group(1);
        if (!name.matches("[A-Za-z0-9_]+")) {
          throw unsupported("invalid group name \"" + name + "\" (letters, digits and _ only)");
        }
        if (names.contains(name)) {
          throw unsupported("duplicate group name \"" + name + "\"");
        }
        names.add(name);
        out.append('('); // Java's group names are stricter; numbered groups, names kept here
        pos = named.end();
        return;
      }
      Matcher flags = FLAGS.matcher(re);
      flags.region(pos, re.length());
      if (!flags.lookingAt()) {
        throw unsupported("unknown group syntax at " + re.substring(pos));
      }
      String all = flags.group(1) + (flags.group(3) == null ? "" : flags.group(3));
      for (char flag : all.toCharArray()) {
        if (flag == 'U') {
          throw unsupported("flag U (ungreedy) is not supported");
        }
        if ("ims".indexOf(flag) < 0) {
          throw unsupported("flag " + flag + " is not RE2 (RE2 has i, m, s and U)");
        }
      }
      out.append(flags.group());
      pos = flags.end();
    }

    private void characterClass() {
      afterRepeat = false;
      out.append('[');
      pos++;
      if (pos < re.length() && re.charAt(pos) == '^') {
        out.append('^');
        pos++;
      }
      if (pos < re.length() && re.charAt(pos) == ']') {
        out.append("\\]"); // a ']' first is a literal
        pos++;
      }
      while (pos < re.length()) {
        char c = re.charAt(pos);
        if (c == ']') {
          out.append(']');
          pos++;
          return;
        }
        if (c == '\\') {
          escape(true);
        } else if (c == '[') {
          posixClass();
        } else if (c == '&') {
          out.append("\\&"); // Java reads && as an intersection
          pos++;
        } else {
          out.append(c);
          pos++;
        }
      }
      throw unsupported("missing closing ]");
    }

    private void posixClass() {
      Matcher m = POSIX_CLASS.matcher(re).region(pos, re.length());
      if (!m.lookingAt()) {
        out.append("\\["); // a literal '[' in RE2; Java would read a nested class
        pos++;
        return;
      }
      String java = POSIX_CLASSES.get(m.group(2));
      if (java == null) {
        throw unsupported("unknown POSIX class [:" + m.group(2) + ":]");
      }
      if (!m.group(1).isEmpty()) {
        java = java.equals("\\w") ? "\\W" : "\\P" + java.substring(2);
      }
      out.append(java);
      pos = m.end();
    }

    private void escape(boolean inClass) {
      afterRepeat = false;
      if (pos + 1 >= re.length()) {
        throw unsupported("trailing backslash at end of expression");
      }
      char c = re.charAt(pos + 1);
      if (c >= '0' && c <= '9') {
        throw unsupported(
            "\\" + c + ": backreferences and octal escapes are not supported (write \\x{..})");
      }
      if (!Character.isLetter(c)) {
        out.append('\\').append(c); // an escaped punctuation character: the same in Java
        pos += 2;
        return;
      }
      if (RE2_ESCAPES.indexOf(c) < 0) {
        throw unsupported("invalid escape sequence \\" + c);
      }
      switch (c) {
        case 'v' -> {
          out.append("\\x0B"); // Java's \v is a class of vertical white space
          pos += 2;
        }
        case 'p', 'P' -> unicodeClass(c);
        case 'Q' -> quoted(inClass);
        case 'E' -> pos += 2; // an \E without \Q: nothing, as in RE2
        case 'x' -> {
          Matcher m = HEX_ESCAPE.matcher(re);
          if (!m.region(pos, re.length()).lookingAt()) {
            throw unsupported("invalid escape sequence " + re.substring(pos, pos + 2));
          }
          out.append(m.group());
          pos = m.end();
        }
        default -> {
          if (inClass && "AzbB".indexOf(c) >= 0) {
            throw unsupported("invalid escape sequence \\" + c + " in a character class");
          }
          out.append('\\').append(c);
          pos += 2;
        }
      }
    }

    /** {@code \pL} or {@code \p{Lu}}: Unicode general categories; scripts are refused. */
    private void unicodeClass(char p) {
      Matcher m = UNICODE_CLASS.matcher(re);
      if (!m.region(pos, re.length()).lookingAt()) {
        throw unsupported("invalid character class range " + re.substring(pos));
      }
      String name = m.group(3) != null ? m.group(3) : m.group(4);
      if (!name.matches("[CLMNPSZ][a-z]?")) {
        throw unsupported(
            "\\"
                + p
                + "{"
                + name
                + "}: only Unicode general categories such as \\p{L} are supported");
      }
      boolean negated = (p == 'P') != (m.group(2) != null && !m.group(2).isEmpty());
      out.append(negated ? "\\P{" : "\\p{").append(name).append('}');
      pos = m.end();
    }

    /** {@code \Q...\E}: literal text. */
    private void quoted(boolean inClass) {
      if (inClass) {
        throw unsupported("\\Q in a character class is not supported");
      }
      int end = re.indexOf("\\E", pos + 2);
      String literal = re.substring(pos + 2, end < 0 ? re.length() : end);
      if (!literal.isEmpty()) {
        out.append(Pattern.quote(literal));
      }
      pos = end < 0 ? re.length() : end + 2;
    }

    private IllegalArgumentException unsupported(String why) {
      return new IllegalArgumentException(why);
    }
  }
}
