package io.nodelocaldns.runtime.corefile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Corefile into tokens as Caddy's lexer (which CoreDNS uses) does: tokens are separated by
 * white space; {@code #} at the start of a token comments out the rest of the line; {@code "..."}
 * quotes a token, which may then hold spaces, {@code #} and line breaks, with {@code \"} for a
 * quote; braces are tokens of their own when written apart (and a '{' glued to the end of a token,
 * which CoreDNS would refuse, is split off).
 */
final class Lexer {
  private final String source;
  private final String text;
  private int pos;
  private int line = 1;
  private boolean newline = true;

  private Lexer(String source, String text) {
    this.source = source;
    this.text = text;
  }

  static List<Token> tokenize(String source, String text) {
    return new Lexer(source, text).tokens();
  }

  private List<Token> tokens() {
    List<Token> tokens = new ArrayList<>();
    while (skipBlanksAndComments()) {
      Token t = text.charAt(pos) == '"' ? quoted() : bare();
      if (!t.quoted() && t.text().length() > 1 && t.text().endsWith("{")) {
        // "cache{": CoreDNS wants a space there; the intent is plain, so read it as "cache {"
        String name = t.text().substring(0, t.text().length() - 1);
        tokens.add(new Token(name, t.line(), false, t.startsLine()));
        tokens.add(new Token("{", t.line(), false, false));
      } else {
        tokens.add(t);
      }
      newline = false;
    }
    return tokens;
  }

  /** Skips white space and comments; returns whether a token follows. */
  private boolean skipBlanksAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        newline = true;
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return true;
      }
    }
    return false;
  }

  private Token bare() {
    int start = pos;
    while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return new Token(text.substring(start, pos), line, false, newline);
  }

  private Token quoted() {
    int startLine = line;
    StringBuilder value = new StringBuilder();
    pos++; // the opening quote
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return new Token(value.toString(), startLine, true, newline);
      }
      if (c == '\\' && pos < text.length() && text.charAt(pos) == '"') {
        value.append('"');
        pos++;
        continue;
      }
      if (c == '\n') {
        line++;
      }
      value.append(c);
    }
    throw new CorefileException(
        new Location(source, startLine), null, "quoted string is never closed (missing '\"')");
  }
}
