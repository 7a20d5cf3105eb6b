package io.nodelocaldns.runtime.corefile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns tokens into server blocks, as Caddy's parser does for CoreDNS:
 *
 * <pre>
 * KEY[,] KEY... {            # keys on one line (a trailing comma continues them)
 *     DIRECTIVE ARGS...      # one directive per line
 *     DIRECTIVE ARGS... {    # a nested block, to any depth
 *         OPTION ARGS...
 *     }
 * }
 * </pre>
 *
 * A Corefile of a single server block may leave out its braces. Nothing is understood here beyond
 * structure, except that a {@code __PILLAR__} placeholder left unfilled is reported where it is.
 */
public final class SyntaxParser {
  private final String source;
  private final List<Token> tokens;
  private int next;

  private SyntaxParser(String source, List<Token> tokens) {
    this.source = source;
    this.tokens = tokens;
  }

  /** Lexes and parses {@code text}; {@code source} names it in messages. */
  public static List<ServerBlockSyntax> parse(String source, String text) {
    return new SyntaxParser(source, Lexer.tokenize(source, text)).serverBlocks();
  }

  private List<ServerBlockSyntax> serverBlocks() {
    List<ServerBlockSyntax> blocks = new ArrayList<>();
    while (next < tokens.size()) {
      blocks.add(serverBlock(blocks.isEmpty()));
    }
    if (blocks.isEmpty()) {
      throw new CorefileException(
          new Location(source, 1), null, "no server block (expected e.g. \".:53 { ... }\")");
    }
    return blocks;
  }

  private ServerBlockSyntax serverBlock(boolean first) {
    Token start = tokens.get(next);
    if (start.isOpen()) {
      throw error(start, "server block has no keys (expected ZONE[:PORT] before '{')");
    }
    if (start.isClose()) {
      throw error(start, "unexpected '}' (no block is open)");
    }
    List<String> keys = keys();
    if (keys.isEmpty()) {
      // only empty keys ("" or a lone comma): a block that would serve nothing
      throw error(start, "server block has no keys (expected ZONE[:PORT] before '{')");
    }
    Location location = location(start);
    if (next < tokens.size() && tokens.get(next).isOpen()) {
      Token open = tokens.get(next++);
      return new ServerBlockSyntax(keys, directives(Optional.of(open), null), location);
    }
    if (!first) {
      throw error(start, "expected '{' after the server block keys " + String.join(" ", keys));
    }
    // Caddy's short form: a lone server block may omit its braces and run to the end of the file
    return new ServerBlockSyntax(keys, directives(Optional.empty(), null), location);
  }

  /** The keys: tokens up to '{' or the end of the line, split at commas. */
  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    boolean continued = true;
    while (next < tokens.size() && !tokens.get(next).isOpen()) {
      Token t = tokens.get(next);
      if (t.startsLine() && !continued) {
        break;
      }
      if (t.isClose()) {
        throw error(t, "unexpected '}' among the server block keys");
      }
      checkFilled(t, null);
      next++;
      for (String key : t.text().split(",")) {
        if (!key.isEmpty()) {
          keys.add(key);
        }
      }
      continued = t.text().endsWith(",");
    }
    return keys;
  }

  /**
   * Directives until the '}' that closes {@code open}, or until the end without a brace.
   *
   * @param owner the directive whose block this is, or null for a server block
   */
  private List<Directive> directives(Optional<Token> open, String owner) {
    List<Directive> directives = new ArrayList<>();
    while (true) {
      if (next >= tokens.size()) {
        if (open.isPresent()) {
          throw error(open.get(), "'{' is never closed (expected '}' before the end of the file)");
        }
        return directives;
      }
      Token t = tokens.get(next);
      if (t.isClose()) {
        if (open.isEmpty()) {
          throw error(t, "unexpected '}' (no block is open)");
        }
        next++;
        return directives;
      }
      if (t.isOpen()) {
        throw error(t, "unexpected '{' (a block opens at the end of a directive's line)");
      }
      directives.add(directive(owner));
    }
  }

  /** A directive: its name, the rest of its line, and a block if the line opens one. */
  private Directive directive(String owner) {
    Token name = tokens.get(next++);
    String reported = owner == null ? name.text() : owner; // errors name the top-level directive
    checkFilled(name, owner);
    List<String> args = new ArrayList<>();
    List<Directive> block = List.of();
    while (next < tokens.size() && !tokens.get(next).startsLine()) {
      Token t = tokens.get(next);
      if (t.isClose()) {
        break; // "option }" closes the enclosing block on the same line
      }
      next++;
      if (t.isOpen()) {
        block = directives(Optional.of(t), reported);
        break;
      }
      checkFilled(t, reported);
      args.add(t.text());
    }
    return new Directive(name.text(), args, block, location(name));
  }

  private void checkFilled(Token t, String directive) {
    Placeholders.firstIn(t.text())
        .ifPresent(
            p -> {
              throw new CorefileException(
                  location(t),
                  directive,
                  "placeholder "
                      + p
                      + " was not substituted (expected the node agent to fill it in, in \""
                      + t.text()
                      + "\")");
            });
  }

  private Location location(Token t) {
    return new Location(source, t.line());
  }

  private CorefileException error(Token t, String problem) {
    return new CorefileException(location(t), null, problem);
  }
}
